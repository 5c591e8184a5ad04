// An audit event's details as a reader takes them in: labelled fields, and
// each change as its field's value before and after, instead of the raw
// JSON the trail stores (which stays as it is: the hash chain covers it).

export interface DetailField {
	label: string;
	/** A field that was set or recorded. */
	value?: string;
	/** A field that changed: its value before and after. */
	from?: string;
	to?: string;
}

/** Names for the keys the app writes; any other key is spelled out from its camelCase. */
const LABELS: Record<string, string> = {
	ip: 'IP address',
	sha256: 'SHA-256',
	previousSha256: 'Previous SHA-256',
	resultSha256: 'Figures SHA-256',
	assessmentId: 'Assessment',
	candidateId: 'Candidate',
	evidenceId: 'Evidence',
	userId: 'User',
	question: 'Question',
	retryAfter: 'Retry after (s)',
	wasOnDisk: 'File was on disk',
	na: 'Not applicable',
	url: 'Link'
};

/** What a bare `from`/`to` pair changes, by action; the state for assessments. */
const CHANGE_OF: Array<[RegExp, string]> = [
	[/^assessment\./, 'State'],
	[/^user\.role/, 'Role'],
	[/^settings\./, 'Setting'],
	[/^review\.vote$/, 'Vote']
];

export function labelOf(key: string): string {
	if (Object.hasOwn(LABELS, key)) return LABELS[key];
	const words = key.replace(/[_.]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as one line of text: lists joined, objects as "key: value" pairs, nothing as a dash. */
export function text(v: unknown): string {
	if (v === null || v === undefined || v === '') return '—';
	if (typeof v === 'boolean') return v ? 'yes' : 'no';
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return String(v);
	if (Array.isArray(v)) return v.length ? v.map((x) => (isRecord(x) ? `(${text(x)})` : text(x))).join(', ') : '—';
	if (isRecord(v)) {
		const entries = Object.entries(v);
		return entries.length ? entries.map(([k, x]) => `${labelOf(k)}: ${text(x)}`).join('; ') : '—';
	}
	return String(v);
}

/** Before and after, field by field where both are objects; only what differs. */
function changes(label: string, before: unknown, after: unknown): DetailField[] {
	if (isRecord(before) || isRecord(after)) {
		const b = isRecord(before) ? before : {};
		const a = isRecord(after) ? after : {};
		const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
		const rows = keys.filter((k) => text(b[k]) !== text(a[k])).map((k) => ({ label: `${label}: ${labelOf(k)}`, from: text(b[k]), to: text(a[k]) }));
		return rows.length ? rows : [{ label, value: 'unchanged' }];
	}
	return [{ label, from: text(before), to: text(after) }];
}

/**
 * The details of one event, in the order they were written. A `from`/`to`
 * pair becomes one change (named by the action), and a `previous` beside
 * another field (a weight profile's sections) becomes that field's change.
 * Details that are not a JSON object are shown as they are.
 */
export function describeDetails(action: string, details: string): DetailField[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(details);
	} catch {
		return [{ label: 'Details', value: details }];
	}
	if (!isRecord(parsed)) return [{ label: 'Details', value: text(parsed) }];
	const fields: DetailField[] = [];
	const changeLabel = CHANGE_OF.find(([re]) => re.test(action))?.[1] ?? 'Value';
	const hasPrevious = Object.hasOwn(parsed, 'previous');
	const previousOf = hasPrevious ? (Object.hasOwn(parsed, 'sections') ? 'sections' : null) : null;
	for (const [key, value] of Object.entries(parsed)) {
		// A save of several answers, or several links given at once, is one
		// event naming each: shown as each one's change, like an event of its own.
		if (key === 'answers' && Array.isArray(value) && value.every(isRecord)) {
			for (const a of value) fields.push(...changes(`${text(a.question)} (version ${text(a.version)})`, a.from, a.to));
			continue;
		}
		if (key === 'links' && Array.isArray(value) && value.every(isRecord)) {
			for (const l of value) fields.push({ label: text(l.question), value: l.label ? `${text(l.label)}: ${text(l.url)}` : text(l.url) });
			continue;
		}
		if (key === 'to' && Object.hasOwn(parsed, 'from')) continue;
		if (key === 'from' && Object.hasOwn(parsed, 'to')) fields.push(...changes(changeLabel, value, parsed.to));
		else if (key === 'previous' && previousOf) continue;
		else if (key === previousOf) fields.push(...changes(labelOf(key), parsed.previous, value));
		else fields.push({ label: labelOf(key), value: text(value) });
	}
	return fields;
}
