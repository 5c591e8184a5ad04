// A link given as evidence, shared by the analyst's and the respondent's
// forms. It is stored and shown, never fetched by the server, so the rules
// are about what a reader clicks: a web address (http or https; no
// javascript:, data: or file:), to a named host, without a user name or
// password in it (https://bank.example@evil.example reads as the bank).
import { z } from 'zod';
import { controlCharactersMessage, hasControlCharacters } from './text';

import { MAX_LINK_LABEL, MAX_LINK_LENGTH } from './evidence-link-limits';

export { MAX_LINK_LABEL, MAX_LINK_LENGTH };

function linkProblem(raw: string): string | null {
	if (raw === '') return 'Enter the link, starting with https://';
	if (raw.length > MAX_LINK_LENGTH) return `A link has at most ${MAX_LINK_LENGTH.toLocaleString('en-GB')} characters.`;
	if (hasControlCharacters(raw)) return controlCharactersMessage('A link');
	if (/\s/.test(raw)) return 'A link cannot contain spaces; copy it from the address bar.';
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'Enter a whole link, starting with https:// (or http://).';
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Enter a web link starting with https:// (or http://); other kinds of address are not accepted.';
	// A host without a dot (https://x, https://intranet) cannot be opened by the analyst outside the platform's network.
	if (!url.hostname.includes('.') || url.hostname.endsWith('.')) return 'Enter a link to a public web address, such as https://example.com/policy.pdf.';
	if (url.username || url.password) return 'A link cannot carry a user name or password; remove the part before “@”.';
	return null;
}

export const evidenceLinkInput = z.object({
	url: z
		.string({ error: 'Enter the link, starting with https://' })
		.trim()
		.superRefine((s, ctx) => {
			const problem = linkProblem(s);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		}),
	label: z
		.string()
		.trim()
		.max(MAX_LINK_LABEL, `A link label has at most ${MAX_LINK_LABEL} characters.`)
		.default('')
		.refine((s) => !hasControlCharacters(s), controlCharactersMessage('A link label'))
});

export type EvidenceLinkInput = z.infer<typeof evidenceLinkInput>;

/** The first problem, naming its field, or the clean link. */
export function parseEvidenceLink(input: { url: unknown; label: unknown }): { ok: true; link: EvidenceLinkInput } | { ok: false; field: 'url' | 'label'; message: string } {
	const parsed = evidenceLinkInput.safeParse(input);
	if (parsed.success) return { ok: true, link: parsed.data };
	const issue = parsed.error.issues[0];
	return { ok: false, field: issue.path[0] === 'label' ? 'label' : 'url', message: issue.message };
}
