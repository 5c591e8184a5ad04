// Parsed questionnaires, by the SHA-256 of their content. A page or write
// that opens an assessment needs its template's document (tens of kilobytes
// of JSON); keyed by content hash, a cached copy can never be out of date,
// even for a draft edited since, so the text is read and parsed once.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { compileTemplate, type CompiledTemplate } from '../../scoring/compile';
import type { Template as TemplateDoc } from '../../scoring/index';
import { deepFreeze } from '../../deep-freeze';
import { openSection, textsOf, withoutTexts, type SectionTexts } from '../../templates/texts';
import { getDb } from '../db/index';
import { templateVersion } from '../db/schema';

const LIMIT = 50;
const docs = new Map<string, TemplateDoc>();

/** The document of template version `versionId`, whose stored hash is `sha256`. */
export function templateDoc(versionId: number, sha256: string): TemplateDoc {
	let doc = docs.get(sha256);
	if (!doc) {
		const row = getDb().select({ json: templateVersion.json }).from(templateVersion).where(eq(templateVersion.id, versionId)).get();
		if (!row) throw new Error(`Template version ${versionId} does not exist.`);
		// Frozen: every reader shares this one copy.
		doc = deepFreeze(JSON.parse(row.json) as TemplateDoc);
		if (docs.size >= LIMIT) docs.delete(docs.keys().next().value!);
		docs.set(sha256, doc);
	}
	return doc;
}

// Compiling is the costly step of scoring. Keyed by the shared document
// object, so a compiled form lives exactly as long as its parsed document.
const compiled = new WeakMap<TemplateDoc, CompiledTemplate>();

/** The compiled form of a document that templateDoc returned. */
export function compiledTemplate(doc: TemplateDoc): CompiledTemplate {
	let ct = compiled.get(doc);
	if (!ct) compiled.set(doc, (ct = compileTemplate(doc)));
	return ct;
}

// A page sends its questionnaire to the browser as this text rather than as
// the document: SvelteKit's serialiser walks an object node by node, and for
// ci-dd 2.0.0 (170 KB) that was the largest cost of an assessment page view
// (17 ms against 6 ms for the string, measured 2026-12-07). The text leaves
// out the questions' reading texts (92 of the 170 KB), which the page gets one
// section at a time (sectionTexts): escaping the string into the page costs
// in proportion to its length, on every view.
const leanTexts = new WeakMap<TemplateDoc, string>();

/** The JSON text of a document that templateDoc returned, without its questions' texts; made once per document. */
export function leanTemplateJson(doc: TemplateDoc): string {
	let text = leanTexts.get(doc);
	if (text === undefined) leanTexts.set(doc, (text = JSON.stringify(withoutTexts(doc))));
	return text;
}

export interface SectionTextsBody {
	texts: SectionTexts;
	/** As sent by the section's endpoint, with its tag: the same for every reader of this version. */
	json: string;
	etag: string;
}

const bySection = new WeakMap<TemplateDoc, Map<string, SectionTextsBody>>();

/** The texts of one section (the first, for an id the document does not have), made once per document and section. */
export function sectionTexts(doc: TemplateDoc, sectionId: string | null): SectionTextsBody {
	const section = openSection(doc, sectionId);
	let sections = bySection.get(doc);
	if (!sections) bySection.set(doc, (sections = new Map()));
	let body = sections.get(section.id);
	if (!body) {
		const texts = deepFreeze(textsOf(section));
		const json = JSON.stringify(texts);
		body = { texts, json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
		sections.set(section.id, body);
	}
	return body;
}
