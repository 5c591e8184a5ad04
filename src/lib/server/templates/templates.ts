// The template library: questionnaires and their versions. A version is a
// validated clearance-template/1 document; drafts change, published versions
// are frozen (assessments cite them), retired ones are kept for history.
import { DomainError } from '../errors';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { validateTemplate, type Problem, type Template as TemplateDoc } from '../../scoring/index';
import { record, type Actor, canonicalJson } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { template, templateVersion, user, type TemplateStatus, type TemplateVersion } from '../db/schema';

/** A refusal the user can act on, tied to the field or JSON path at fault. */
export class TemplateError extends DomainError {
	constructor(
		field: string,
		message: string,
		status: DomainError['status'] = 400,
		readonly problems: Problem[] = []
	) {
		super(field, message, status);
	}
}

export interface VersionSummary {
	id: number;
	version: string;
	status: TemplateStatus;
	sha256: string;
	createdAt: number;
	updatedAt: number;
	publishedAt: number | null;
	retiredAt: number | null;
	basedOn: string | null;
}

export interface TemplateSummary {
	id: number;
	key: string;
	title: string;
	versions: VersionSummary[];
}

/** The stored text of a document: normalised by validation, then pretty-printed. */
export function serialise(doc: TemplateDoc): string {
	return JSON.stringify(doc, null, 2) + '\n';
}

export function digest(doc: TemplateDoc): string {
	return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** Validate an uploaded or edited document; every problem at once, or the normalised document. */
export function validate(input: unknown): TemplateDoc {
	const result = validateTemplate(input);
	if (!result.ok) {
		const count = result.problems.length + result.omitted;
		throw new TemplateError('json', `The template has ${count} problem${count === 1 ? '' : 's'}; nothing was saved.`, 400, result.problems);
	}
	return result.value;
}

/** Parse JSON text from a user, with the parser's complaint as the problem. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new TemplateError('json', 'The file is not valid JSON; nothing was saved.', 400, [
			{ path: '(document)', keys: [], message: (err as Error).message }
		]);
	}
}

const summaryColumns = {
	id: templateVersion.id,
	templateId: templateVersion.templateId,
	version: templateVersion.version,
	status: templateVersion.status,
	sha256: templateVersion.sha256,
	createdAt: templateVersion.createdAt,
	updatedAt: templateVersion.updatedAt,
	publishedAt: templateVersion.publishedAt,
	retiredAt: templateVersion.retiredAt,
	basedOnId: templateVersion.basedOnId
};

/** Every template with its versions, newest first; or just the one with `key`. */
export function list(key?: string): TemplateSummary[] {
	const db = getDb();
	const templates = db
		.select()
		.from(template)
		.where(key === undefined ? undefined : eq(template.key, key))
		.orderBy(asc(template.key))
		.all();
	const versions = db
		.select(summaryColumns)
		.from(templateVersion)
		.where(key === undefined ? undefined : inArray(templateVersion.templateId, templates.map((t) => t.id)))
		.orderBy(desc(templateVersion.createdAt), desc(templateVersion.id))
		.all();
	const byId = new Map(versions.map((v) => [v.id, v.version]));
	return templates.map((t) => ({
		id: t.id,
		key: t.key,
		title: t.title,
		versions: versions
			.filter((v) => v.templateId === t.id)
			.map(({ templateId: _t, basedOnId, ...v }) => ({ ...v, basedOn: basedOnId ? (byId.get(basedOnId) ?? null) : null }))
	}));
}

export function find(key: string): TemplateSummary | undefined {
	return list(key)[0];
}

export interface LoadedVersion {
	row: TemplateVersion;
	key: string;
	doc: TemplateDoc;
}

export function getVersion(key: string, version: string): LoadedVersion | undefined {
	const row = getDb()
		.select({ v: templateVersion })
		.from(templateVersion)
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(and(eq(template.key, key), eq(templateVersion.version, version)))
		.get();
	return row ? { row: row.v, key, doc: JSON.parse(row.v.json) as TemplateDoc } : undefined;
}

/** The newest published version: what a new assessment or an export uses by default. */
export function latestPublished(key: string): LoadedVersion | undefined {
	const row = getDb()
		.select({ v: templateVersion })
		.from(templateVersion)
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(and(eq(template.key, key), eq(templateVersion.status, 'published')))
		.orderBy(desc(templateVersion.publishedAt), desc(templateVersion.id))
		.limit(1)
		.get();
	return row ? { row: row.v, key, doc: JSON.parse(row.v.json) as TemplateDoc } : undefined;
}

function mustGet(key: string, version: string): LoadedVersion {
	const found = getVersion(key, version);
	if (!found) throw new TemplateError('version', `There is no version ${version} of template ${key}.`);
	return found;
}

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

/** Export text: the stored document exactly, so export → import → export is identical. */
export function exportJson(key: string, version?: string): string {
	const found = version ? getVersion(key, version) : latestPublished(key);
	if (!found) {
		throw new TemplateError(version ? 'version' : 'key', version ? `There is no version ${version} of template ${key}.` : `Template ${key} has no published version.`);
	}
	return found.row.json;
}

/** A new template with one section and one question, ready for the editor. */
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
