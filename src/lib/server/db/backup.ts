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
