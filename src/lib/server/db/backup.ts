// Online backups: copy a live database without stopping writers, prove the
// copy is sound, and only then give it its final name.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export async function backupTo(sqlite: Database.Database, target: string): Promise<string> {
	const final = path.resolve(target);
	fs.mkdirSync(path.dirname(final), { recursive: true, mode: 0o700 });
	const temp = `${final}.partial-${process.pid}-${Date.now()}`;
	try {
		await sqlite.backup(temp);
		const copy = new Database(temp);
		try {
			// A backup is one self-contained file: no -wal/-shm beside it.
			copy.pragma('journal_mode = DELETE');
			const result = copy.pragma('integrity_check', { simple: true });
			if (result !== 'ok') throw new Error(`integrity_check on the backup said: ${String(result)}`);
		} finally {
			copy.close();
		}
		fs.chmodSync(temp, 0o600);
		fs.renameSync(temp, final);
		return final;
	} catch (err) {
		for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(temp + suffix, { force: true });
		throw err;
	}
}

/**
 * Put a backup in place of the database at `target`, with the server stopped.
 * The database's own -wal and -shm files go aside with it: left behind after
 * a crash, SQLite would replay that log over the restored file and corrupt
 * it. Nothing is deleted; the replaced files keep a `.replaced-<time>` suffix.
 */
export function restoreFrom(backup: string, target: string, now = Date.now()): { replaced: string[] } {
	const source = path.resolve(backup);
	const final = path.resolve(target);
	if (!fs.existsSync(source)) throw new Error(`there is no backup at ${source}`);
	const check = new Database(source, { readonly: true, fileMustExist: true });
	try {
		const result = check.pragma('integrity_check', { simple: true });
		if (result !== 'ok') throw new Error(`integrity_check on the backup said: ${String(result)}`);
		if (!check.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'`).get()) {
			throw new Error(`${source} is not a Clearance database`);
		}
	} finally {
		check.close();
	}
	fs.mkdirSync(path.dirname(final), { recursive: true, mode: 0o700 });
	const temp = `${final}.restoring-${process.pid}-${now}`;
	fs.copyFileSync(source, temp);
	const fd = fs.openSync(temp, 'r');
	fs.fsyncSync(fd);
	fs.closeSync(fd);
	fs.chmodSync(temp, 0o600);
	const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
	const replaced: string[] = [];
	for (const suffix of ['', '-wal', '-shm', '-journal']) {
		if (!fs.existsSync(final + suffix)) continue;
		const aside = `${final}.replaced-${stamp}${suffix}`;
		fs.renameSync(final + suffix, aside);
		replaced.push(aside);
	}
	fs.renameSync(temp, final);
	return { replaced };
}
