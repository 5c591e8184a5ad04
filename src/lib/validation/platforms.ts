// Platform form schema, shared by server actions and the browser.
import { z } from 'zod';
import { KIND_LABELS, STATUS_LABELS } from '../platforms/labels';
import { PLATFORM_KINDS } from '../scoring/types';
import { controlCharactersMessage, hasControlCharacters } from './text';

export { KIND_LABELS, STATUS_LABELS };

/** "a, b, c" → ["a", "b", "c"]: trimmed, de-duplicated, empty entries dropped. */
const list = (what: string, max: number, maxLength: number) =>
	z
		.string()
		.default('')
		.transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
		.refine((xs) => xs.length <= max, `At most ${max} ${what}.`)
		.refine((xs) => xs.every((x) => x.length <= maxLength), `Each of the ${what} has at most ${maxLength} characters.`)
		.refine((xs) => !xs.some((x) => hasControlCharacters(x)), controlCharactersMessage(`A ${what.replace(/s$/, '')}`));

export const platformInput = z.object({
	name: z
		.string({ error: 'Enter the platform’s name.' })
		.trim()
		.min(1, 'Enter the platform’s name.')
		.max(120, 'A name has at most 120 characters.')
		.refine((s) => !hasControlCharacters(s), controlCharactersMessage('A name')),
	kind: z.enum(PLATFORM_KINDS, { error: 'Choose what kind of platform this is.' }),
	status: z.enum(Object.keys(STATUS_LABELS) as [keyof typeof STATUS_LABELS], { error: 'Choose a pipeline status.' }),
	jurisdictions: list('jurisdictions', 20, 60),
	tags: list('tags', 20, 40),
	website: z
		.string()
		.trim()
		.max(300, 'A web address has at most 300 characters.')
		.default('')
		.refine((s) => s === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), 'Enter a web address starting with https:// (or leave it empty).')
		.refine((s) => !hasControlCharacters(s), controlCharactersMessage('A web address')),
	description: z
		.string()
		.trim()
		.max(4000, 'A description has at most 4,000 characters.')
		.default('')
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage('A description', { multiline: true }))
});

export type PlatformInput = z.infer<typeof platformInput>;
