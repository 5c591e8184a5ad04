// The template library: questionnaires and their versions. A version is a
// validated clearance-template/1 document; drafts change, published versions
// are frozen (assessments cite them), retired ones are kept for history.
// Every change here is read and checked inside its write transaction.
import { and, eq } from 'drizzle-orm';
import type { Template as TemplateDoc } from '../../scoring/index';
import { record, type Actor } from '../audit';
import { write, type Tx } from '../db/index';
import { template, templateVersion, user, type TemplateStatus, type TemplateVersion } from '../db/schema';
import { TemplateError, digest, serialise, validate } from './documents';
import { find, getVersion, mustGet, type LoadedVersion } from './library';

function ensureTemplate(tx: Tx, doc: TemplateDoc, now: number): number {
	const existing = tx.select().from(template).where(eq(template.key, doc.key)).get();
	if (existing) {
		tx.update(template).set({ title: doc.title, updatedAt: now }).where(eq(template.id, existing.id)).run();
		return existing.id;
	}
	return tx.insert(template).values({ key: doc.key, title: doc.title, createdAt: now, updatedAt: now }).returning({ id: template.id }).get().id;
}

function versionTaken(tx: Tx, templateId: number, version: string, except?: number): boolean {
	const row = tx
		.select({ id: templateVersion.id })
		.from(templateVersion)
		.where(and(eq(templateVersion.templateId, templateId), eq(templateVersion.version, version)))
		.get();
	return row !== undefined && row.id !== except;
}

/** Save a new version (a draft, or published at once). Input is validated first. */
export function importDocument(
	actor: Actor,
	input: unknown,
	options: { publish?: boolean; basedOnId?: number | null; action?: string } = {}
): LoadedVersion {
	const doc = validate(input);
	const json = serialise(doc);
	const sha256 = digest(doc);
	const status: TemplateStatus = options.publish ? 'published' : 'draft';
	return write(actor, (tx) => {
		const now = Date.now();
		const existing = tx.select().from(template).where(eq(template.key, doc.key)).get();
		if (existing && versionTaken(tx, existing.id, doc.version)) {
			throw new TemplateError('version', `Template ${doc.key} already has a version ${doc.version}; give this one another version.`);
		}
		const templateId = ensureTemplate(tx, doc, now);
		const row = tx
			.insert(templateVersion)
			.values({
				templateId,
				version: doc.version,
				status,
				json,
				sha256,
				basedOnId: options.basedOnId ?? null,
				createdBy: actor.id,
				createdAt: now,
				updatedBy: actor.id,
				updatedAt: now,
				publishedAt: status === 'published' ? now : null
			})
			.returning()
			.get();
		record(tx, actor, {
			action: options.action ?? 'template.import',
			entityType: 'template_version',
			entityId: row.id,
			details: { key: doc.key, version: doc.version, status, sha256 }
		});
		return { row, key: doc.key, doc };
	});
}

/** A draft as someone else saved it after the editor was opened (null: it was renamed, deleted or published), and who. */
export interface DraftChange {
	version: string;
	draft: { version: string; status: TemplateStatus; sha256: string; updatedAt: number; title: string } | null;
	by: string | null;
}

/** The draft changed after the editor (or page) acting on it was opened. */
export class DraftConflict extends TemplateError {
	constructor(
		readonly current: DraftChange,
		what: string
	) {
		const d = current.draft;
		super(
			'sha256',
			d === null
				? `Draft ${current.version} was renamed or deleted after you opened it, so ${what}. Your text is kept here; copy it into a new draft.`
				: d.status !== 'draft'
					? `Version ${d.version} was ${d.status} after you opened it, so ${what}. Start a new draft from it; your text is kept here.`
					: `${current.by ?? 'Someone'} saved draft ${d.version} after you opened it, so ${what}. Look at their draft before going on; saving again replaces it with yours.`,
			409
		);
	}
}

/** The version row with this label, read in the caller's transaction. */
function versionRow(tx: Tx, key: string, version: string): TemplateVersion | undefined {
	return tx
		.select({ v: templateVersion })
		.from(templateVersion)
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(and(eq(template.key, key), eq(templateVersion.version, version)))
		.get()?.v;
}

/**
 * Refuse (409) unless the version is still what the person saw: `basedOn`
 * is the SHA-256 of the content their editor or page was opened with.
 */
function assertUnchanged(tx: Tx, key: string, version: string, row: TemplateVersion | undefined, basedOn: string | undefined, what: string): void {
	if (basedOn === undefined || row?.sha256 === basedOn) return;
	const by = row?.updatedBy == null ? null : (tx.select({ name: user.name }).from(user).where(eq(user.id, row.updatedBy)).get()?.name ?? null);
	const draft = row ? { version: row.version, status: row.status, sha256: row.sha256, updatedAt: row.updatedAt, title: (JSON.parse(row.json) as TemplateDoc).title } : null;
	throw new DraftConflict({ version, draft, by }, what);
}

/**
 * Replace a draft's content. The key is the template's identity and stays.
 * `basedOn` is the SHA-256 of the draft the editor was opened with: the row
 * is read inside the write transaction, and a draft someone else saved since
 * is not replaced (DraftConflict, 409).
 */
export function saveDraft(actor: Actor, key: string, version: string, input: unknown, basedOn: string): LoadedVersion {
	const doc = validate(input);
	if (doc.key !== key) throw new TemplateError('key', `The key must stay "${key}"; import the document to create another template.`);
	const sha256 = digest(doc);
	return write(actor, (tx) => {
		const current = versionRow(tx, key, version);
		assertUnchanged(tx, key, version, current, basedOn, 'your changes were not saved');
		if (!current) throw new TemplateError('version', `There is no version ${version} of template ${key}.`, 404);
		if (current.status !== 'draft') {
			throw new TemplateError('status', `Version ${version} of ${key} is ${current.status} and cannot change; start a new draft from it instead.`, 409);
		}
		if (sha256 === current.sha256) return { row: current, key, doc: JSON.parse(current.json) as TemplateDoc };
		if (versionTaken(tx, current.templateId, doc.version, current.id)) {
			throw new TemplateError('version', `Template ${key} already has a version ${doc.version}.`);
		}
		const now = Date.now();
		const row = tx
			.update(templateVersion)
			.set({ version: doc.version, json: serialise(doc), sha256, updatedBy: actor.id, updatedAt: now })
			.where(and(eq(templateVersion.id, current.id), eq(templateVersion.status, 'draft')))
			.returning()
			.get()!;
		tx.update(template).set({ title: doc.title, updatedAt: now }).where(eq(template.id, row.templateId)).run();
		record(tx, actor, {
			action: 'template.draft_save',
			entityType: 'template_version',
			entityId: row.id,
			details: { key, version: doc.version, previousVersion: version, sha256, previousSha256: current.sha256 }
		});
		return { row, key, doc };
	});
}

/** "x.y.z" → "x.y.(z+1)", or "v" → "v-2", skipping versions that exist. */
export function suggestNextVersion(key: string, version: string): string {
	const taken = new Set(find(key)?.versions.map((v) => v.version) ?? []);
	const semver = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
	for (let n = 1; n < 10_000; n++) {
		const candidate = semver ? `${semver[1]}.${semver[2]}.${Number(semver[3]) + n}` : `${version}-${n + 1}`;
		if (!taken.has(candidate) && candidate.length <= 32) return candidate;
	}
	throw new TemplateError('version', 'Could not find a free version number.');
}

/** A new draft copying a published or retired version (which itself never changes). */
export function newDraftFrom(actor: Actor, key: string, version: string): LoadedVersion {
	const source = mustGet(key, version);
	if (source.row.status === 'draft') throw new TemplateError('status', 'This version is a draft already: edit it directly.');
	const next = suggestNextVersion(key, version);
	return importDocument(actor, { ...source.doc, version: next }, { basedOnId: source.row.id, action: 'template.draft_create' });
}

/** Publish or retire, read and checked inside the write transaction; with `basedOn`, only the content the person saw. */
function transition(actor: Actor, key: string, version: string, from: TemplateStatus, to: TemplateStatus, basedOn?: string): LoadedVersion {
	return write(actor, (tx) => {
		const current = versionRow(tx, key, version);
		if (current?.status === from || current === undefined) assertUnchanged(tx, key, version, current, basedOn, `it was not ${to}`);
		if (!current) throw new TemplateError('version', `There is no version ${version} of template ${key}.`, 404);
		if (current.status !== from) {
			throw new TemplateError('status', `Version ${version} of ${key} is ${current.status}; only a ${from} version can become ${to}.`, 409);
		}
		const now = Date.now();
		const row = tx
			.update(templateVersion)
			.set(to === 'published' ? { status: to, publishedAt: now, updatedAt: now } : { status: to, retiredAt: now, updatedAt: now })
			.where(and(eq(templateVersion.id, current.id), eq(templateVersion.status, from)))
			.returning()
			.get()!;
		record(tx, actor, {
			action: to === 'published' ? 'template.publish' : 'template.retire',
			entityType: 'template_version',
			entityId: row.id,
			details: { key, version, sha256: row.sha256 }
		});
		return { row, key, doc: JSON.parse(row.json) as TemplateDoc };
	});
}

/** Publish a draft; `basedOn` (the SHA-256 the page showed) makes sure what is frozen is what the person saw. */
export function publish(actor: Actor, key: string, version: string, basedOn?: string): LoadedVersion {
	return transition(actor, key, version, 'draft', 'published', basedOn);
}

export function retire(actor: Actor, key: string, version: string): LoadedVersion {
	return transition(actor, key, version, 'published', 'retired');
}

/** Delete a draft; with `basedOn`, only the content the person saw (a draft saved since is someone's work). */
export function deleteDraft(actor: Actor, key: string, version: string, basedOn?: string): void {
	write(actor, (tx) => {
		const current = versionRow(tx, key, version);
		if (current?.status === 'draft' || current === undefined) assertUnchanged(tx, key, version, current, basedOn, 'it was not deleted');
		if (!current) throw new TemplateError('version', `There is no version ${version} of template ${key}.`, 404);
		if (current.status !== 'draft') throw new TemplateError('status', `Version ${version} is ${current.status}; only drafts can be deleted.`, 409);
		tx.delete(templateVersion).where(and(eq(templateVersion.id, current.id), eq(templateVersion.status, 'draft'))).run();
		record(tx, actor, {
			action: 'template.draft_delete',
			entityType: 'template_version',
			entityId: current.id,
			details: { key, version, sha256: current.sha256 }
		});
	});
}

export function createBlank(actor: Actor, input: { key: string; title: string }): LoadedVersion {
	if (find(input.key)) throw new TemplateError('key', `A template with key "${input.key}" exists already.`);
	return importDocument(
		actor,
		{
			format: 'clearance-template/1',
			key: input.key,
			version: '0.1.0',
			title: input.title,
			sections: [
				{
					id: 'section-1',
					title: 'First section',
					weight: 1,
					questions: [{ id: 'section-1.q1', prompt: 'First question', type: 'yes_partial_no', weight: 1 }]
				}
			]
		},
		{ action: 'template.create' }
	);
}
