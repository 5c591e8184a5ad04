// Evidence files are stored once per SHA-256 and shared by every row with the
// same bytes. A file leaves the disk only when no row refers to it any more,
// decided under the write lock and recorded in the audit trail; an upload is
// checked against the assessment as it stands inside its own transaction; and
// no download ever carries a name that would run as a program.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import { blobPath, evidenceDir, removeEvidence, uploadEvidence } from '../../src/lib/server/evidence';
import * as platforms from '../../src/lib/server/platforms';
import { GET as download } from '../../src/routes/(app)/assessments/[id]/evidence/[evidenceId]/+server';
import { useTempDatabase } from '../helpers/database';
import { asAnotherProcess, beforeNextWrite, settle } from '../helpers/interleave';
import { refusalOf } from '../helpers/refusal';
import { formEvent } from '../helpers/request-event';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };
const QUESTION = 'hiring.in-person-id';

let seq = 0;
function draft() {
	const p = platforms.create(analyst, { name: `Evidenced ${++seq}`, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	return assessments.create(analyst, { platformId: p.id, templateKey: 'ci-dd', templateVersion: '1.0.0', assessorIds: [], dueDate: null }).assessment.id;
}

const text = (body: string, name: string) => new File([new TextEncoder().encode(body)], name, { type: 'text/plain' });
const onDisk = (hash: string) => fs.existsSync(blobPath(hash));
const files = () => (fs.existsSync(evidenceDir()) ? fs.readdirSync(evidenceDir(), { recursive: true }).filter((f) => String(f).length > 2).length : 0);
const rows = () => (handle().sqlite.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n;

async function downloaded(assessmentId: number, evidenceId: number) {
	const locals = { user: { id: 1, email: 'analyst@example.com', name: 'Ana', role: 'analyst' as const }, session: null, respondent: null };
	const event = formEvent('/(app)/assessments/[id]/evidence/[evidenceId]', 'default', {}, { locals, params: { id: String(assessmentId), evidenceId: String(evidenceId) } });
	const res = (await download(event as never)) as Response;
	return { status: res.status, disposition: res.headers.get('content-disposition'), type: res.headers.get('content-type') };
}

/** When the upload finds its bytes already on disk, another process removes `evidenceId` (waiting for the lock if this process holds it). */
function removeWhenUploadFindsBytes(hash: string, assessmentId: number, evidenceId: number) {
	const existsSync = fs.existsSync;
	const spy = vi.spyOn(fs, 'existsSync').mockImplementation((p) => {
		const found = existsSync(p);
		if (String(p) === blobPath(hash)) {
			spy.mockRestore();
			asAnotherProcess(() => removeEvidence(analyst, assessmentId, evidenceId));
		}
		return found;
	});
}

afterEach(() => vi.restoreAllMocks());

describe('one file on disk, shared by every row with the same bytes', () => {
	it('an upload of bytes whose last other row is removed at that moment keeps its file, and both downloads agree', async () => {
		const first = draft();
		const second = draft();
		const body = `Hiring policy, shared by two assessments, ${Math.random()}\n`;
		const kept = await uploadEvidence(analyst, first, QUESTION, text(body, 'policy.txt'));
		removeWhenUploadFindsBytes(kept.sha256!, first, kept.id);
		const again = await uploadEvidence(analyst, second, QUESTION, text(body, 'policy.txt'));
		settle();
		expect(assessments.get(first)!.evidence).toEqual([]);
		expect(onDisk(again.sha256!)).toBe(true);
		expect((await downloaded(second, again.id)).status).toBe(200);
	});

	it('removing one of two rows with the same bytes keeps the file, and records no file removal', async () => {
		const a = draft();
		const body = `Board minutes, ${Math.random()}\n`;
		const one = await uploadEvidence(analyst, a, QUESTION, text(body, 'minutes.txt'));
		const two = await uploadEvidence(analyst, a, 'keys.keyholder-vetting', text(body, 'minutes.txt'));
		removeEvidence(analyst, a, one.id);
		expect(onDisk(two.sha256!)).toBe(true);
		expect((await downloaded(a, two.id)).status).toBe(200);
		expect(listEvents({ action: 'evidence.file_remove' }).filter((e) => JSON.parse(e.details).sha256 === two.sha256)).toEqual([]);
	});

	it('removing the last row deletes the file and records it: the hash and the row that released it', async () => {
		const a = draft();
		const saved = await uploadEvidence(analyst, a, QUESTION, text(`Last copy, ${Math.random()}\n`, 'last.txt'));
		removeEvidence(analyst, a, saved.id);
		expect(onDisk(saved.sha256!)).toBe(false);
		const events = listEvents({ action: 'evidence.file_remove' }).map((e) => ({ entityId: e.entityId, details: JSON.parse(e.details) }));
		expect(events).toContainEqual({ entityId: saved.sha256, details: expect.objectContaining({ sha256: saved.sha256, evidenceId: saved.id, assessmentId: a }) });
	});

	it('bytes stored again after their last row went are written again', async () => {
		const a = draft();
		const body = `Stored, removed, stored again, ${Math.random()}\n`;
		const first = await uploadEvidence(analyst, a, QUESTION, text(body, 'again.txt'));
		removeEvidence(analyst, a, first.id);
		const second = await uploadEvidence(analyst, a, QUESTION, text(body, 'again.txt'));
		expect(onDisk(second.sha256!)).toBe(true);
	});
});

describe('an upload is checked against the assessment as it stands when it is recorded', () => {
	it('an upload to an assessment finalised while the file arrived is refused with 409, leaving no row and no file', async () => {
		const a = draft();
		const before = [rows(), files()];
		beforeNextWrite(() => {
			assessments.submit(analyst, a, { as: 'staff' });
			supportEvidence(analyst, a);
			assessments.finalize(analyst, a);
		});
		const err = await refusalOf(() => uploadEvidence(analyst, a, QUESTION, text(`Too late, ${Math.random()}\n`, 'late.txt')));
		expect(err).toMatchObject({ status: 409, message: expect.stringMatching(/final/) });
		expect([rows(), files()]).toEqual(before);
	});

	it('a removal from an assessment finalised meanwhile is refused with 409, and the file stays', async () => {
		const a = draft();
		const saved = await uploadEvidence(analyst, a, QUESTION, text(`Kept for the record, ${Math.random()}\n`, 'kept.txt'));
		beforeNextWrite(() => {
			assessments.submit(analyst, a, { as: 'staff' });
			supportEvidence(analyst, a);
			assessments.finalize(analyst, a);
		});
		expect(refusalOf(() => removeEvidence(analyst, a, saved.id)).status).toBe(409);
		expect(onDisk(saved.sha256!)).toBe(true);
		expect(assessments.get(a)!.evidence).toHaveLength(1);
	});
});

describe('file names that would run as programs', () => {
	const HOSTILE = ['policy.pdf.vbs', 'Org-chart.hta', 'SOC2-report.bat', 'audit.exe', 'keys.ps1', 'notes.js', 'page.html', 'logo.svg', 'budget.xlsm', 'run.sh', 'setup.msi', 'shortcut.lnk', 'disk.iso', 'evil.vbs.', 'evil.cmd  '];

	it('plain text named as a script or program is refused, naming the extension, leaving no row and no file', async () => {
		const a = draft();
		const before = [rows(), files()];
		for (const name of HOSTILE) {
			const err = await refusalOf(() => uploadEvidence(analyst, a, QUESTION, text(`MsgBox "hello" ${name}\n`, name)));
			expect(err, name).toMatchObject({ status: 400, message: expect.stringMatching(/ends in \.\w+/) });
		}
		expect([rows(), files()]).toEqual(before);
	});

	it('a PDF named as a program is refused too', async () => {
		const pdf = new File([new TextEncoder().encode(`%PDF-1.7\n% ${Math.random()}\n`)], 'report.pdf.exe');
		await expect(uploadEvidence(analyst, draft(), QUESTION, pdf)).rejects.toThrow(/ends in \.exe/);
	});

	it('a name without its type’s extension is saved and sent with it', async () => {
		const a = draft();
		const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode(String(Math.random()))]);
		expect((await uploadEvidence(analyst, a, QUESTION, text(`README ${Math.random()}`, 'README'))).filename).toBe('README.txt');
		expect((await uploadEvidence(analyst, a, QUESTION, text(`Not a PDF ${Math.random()}`, 'policy.pdf'))).filename).toBe('policy.pdf.txt');
		expect((await uploadEvidence(analyst, a, QUESTION, new File([jpeg], 'scan.png'))).filename).toBe('scan.png.jpg');
		expect((await uploadEvidence(analyst, a, QUESTION, text(`a,b\n1,2 ${Math.random()}`, 'data.CSV'))).filename).toBe('data.CSV');
	});

	it('a file stored before this rule under a program’s name downloads under a name that opens as what it is', async () => {
		const a = draft();
		const saved = await uploadEvidence(analyst, a, QUESTION, text(`Legacy ${Math.random()}\n`, 'legacy.txt'));
		// Evidence rows are never edited: the old row is written beside it, as the app once stored it.
		const legacy = handle()
			.sqlite.prepare(`INSERT INTO evidence (assessment_id, question_id, kind, sha256, filename, media_type, size, created_at) VALUES (?, ?, 'file', ?, 'policy.pdf.vbs', 'text/plain', ?, 0)`)
			.run(a, QUESTION, saved.sha256, saved.size).lastInsertRowid;
		const res = await downloaded(a, Number(legacy));
		expect(res.status).toBe(200);
		expect(res.type).toBe('text/plain');
		expect(res.disposition).toBe('attachment; filename="policy.pdf.vbs.txt"');
	});

});
