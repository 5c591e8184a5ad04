// Reading the template library: the templates with their versions, and one
// version's document (what assessments and exports cite).
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Template as TemplateDoc } from '../../scoring/index';
import { getDb } from '../db/index';
import { template, templateVersion, type TemplateStatus, type TemplateVersion } from '../db/schema';
import { TemplateError } from './documents';

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

export function mustGet(key: string, version: string): LoadedVersion {
	const found = getVersion(key, version);
	if (!found) throw new TemplateError('version', `There is no version ${version} of template ${key}.`);
	return found;
}

/** Export text: the stored document exactly, so export → import → export is identical. */
export function exportJson(key: string, version?: string): string {
	const found = version ? getVersion(key, version) : latestPublished(key);
	if (!found) {
		throw new TemplateError(version ? 'version' : 'key', version ? `There is no version ${version} of template ${key}.` : `Template ${key} has no published version.`);
	}
	return found.row.json;
}

