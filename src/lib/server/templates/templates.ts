// The template library: questionnaires and their versions. A version is a
// validated clearance-template/1 document; drafts change, published versions
// are frozen (assessments cite them), retired ones are kept for history.
import { DomainError } from '../errors';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { validateTemplate, type Problem, type Template as TemplateDoc } from '../../scoring/index';
import { record, type Actor, canonicalJson } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { template, templateVersion, type TemplateStatus, type TemplateVersion } from '../db/schema';

/** A refusal the user can act on, tied to the field or JSON path at fault. */
export class TemplateError extends DomainError {
	constructor(
		field: string,
		message: string,
		readonly problems: Problem[] = []
	) {
		super(field, message);
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
		throw new TemplateError('json', `The template has ${count} problem${count === 1 ? '' : 's'}; nothing was saved.`, result.problems);
	}
	return result.value;
}

/** Parse JSON text from a user, with the parser's complaint as the problem. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new TemplateError('json', 'The file is not valid JSON; nothing was saved.', [
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
	return write((tx) => {
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

/** Replace a draft's content. The key is the template's identity and stays. */
export function saveDraft(actor: Actor, key: string, version: string, input: unknown): LoadedVersion {
	const current = mustGet(key, version);
	if (current.row.status !== 'draft') {
		throw new TemplateError('status', `Version ${version} of ${key} is ${current.row.status} and cannot change; start a new draft from it instead.`);
	}
	const doc = validate(input);
	if (doc.key !== key) throw new TemplateError('key', `The key must stay "${key}"; import the document to create another template.`);
	const sha256 = digest(doc);
	if (sha256 === current.row.sha256) return current;
	return write((tx) => {
		if (versionTaken(tx, current.row.templateId, doc.version, current.row.id)) {
			throw new TemplateError('version', `Template ${key} already has a version ${doc.version}.`);
		}
		const now = Date.now();
		const row = tx
			.update(templateVersion)
			.set({ version: doc.version, json: serialise(doc), sha256, updatedAt: now })
			.where(and(eq(templateVersion.id, current.row.id), eq(templateVersion.status, 'draft')))
			.returning()
			.get();
		if (!row) throw new TemplateError('status', 'This draft was published meanwhile; nothing was saved.');
		tx.update(template).set({ title: doc.title, updatedAt: now }).where(eq(template.id, row.templateId)).run();
		record(tx, actor, {
			action: 'template.draft_save',
			entityType: 'template_version',
			entityId: row.id,
			details: { key, version: doc.version, previousVersion: version, sha256, previousSha256: current.row.sha256 }
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

function transition(actor: Actor, key: string, version: string, from: TemplateStatus, to: TemplateStatus): LoadedVersion {
	const current = mustGet(key, version);
	if (current.row.status !== from) {
		throw new TemplateError('status', `Version ${version} of ${key} is ${current.row.status}; only a ${from} version can become ${to}.`);
	}
	return write((tx) => {
		const now = Date.now();
		const row = tx
			.update(templateVersion)
			.set(to === 'published' ? { status: to, publishedAt: now, updatedAt: now } : { status: to, retiredAt: now, updatedAt: now })
			.where(and(eq(templateVersion.id, current.row.id), eq(templateVersion.status, from)))
			.returning()
			.get();
		if (!row) throw new TemplateError('status', 'Someone changed this version meanwhile; reload and try again.');
		record(tx, actor, {
			action: to === 'published' ? 'template.publish' : 'template.retire',
			entityType: 'template_version',
			entityId: row.id,
			details: { key, version, sha256: row.sha256 }
		});
		return { ...current, row };
	});
}

export function publish(actor: Actor, key: string, version: string): LoadedVersion {
	return transition(actor, key, version, 'draft', 'published');
}

export function retire(actor: Actor, key: string, version: string): LoadedVersion {
	return transition(actor, key, version, 'published', 'retired');
}

export function deleteDraft(actor: Actor, key: string, version: string): void {
	const current = mustGet(key, version);
	if (current.row.status !== 'draft') throw new TemplateError('status', `Version ${version} is ${current.row.status}; only drafts can be deleted.`);
	write((tx) => {
		tx.delete(templateVersion).where(and(eq(templateVersion.id, current.row.id), eq(templateVersion.status, 'draft'))).run();
		record(tx, actor, {
			action: 'template.draft_delete',
			entityType: 'template_version',
			entityId: current.row.id,
			details: { key, version, sha256: current.row.sha256 }
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
