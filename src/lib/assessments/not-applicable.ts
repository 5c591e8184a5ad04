// The N/A answers Clearance gives when an assessment starts, for questions
// that do not apply to the platform's kind (spec §6), and how they read:
// shared by the server that writes them and the pages that show them apart
// from an N/A a person chose.
import { KIND_LABELS } from '../platforms/labels';
import { appliesToKind, kindsOf } from '../scoring/applicability';
import { PLATFORM_KINDS, type PlatformKind, type Template } from '../scoring/types';

/** Kinds as a sentence names several of them. */
const KIND_PLURALS = {
	exchange: 'centralised exchanges',
	custodian: 'custodians',
	defi: 'DeFi protocols',
	market_maker: 'market makers',
	wallet: 'wallet providers',
	other: 'platforms of other kinds'
} as const satisfies Record<PlatformKind, string>;

function list(words: string[]): string {
	return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** "Not applicable to DeFi protocol": the badge beside such an answer. */
export function notApplicableLabel(kind: PlatformKind): string {
	return `Not applicable to ${KIND_LABELS[kind]}`;
}

/** The note of such an answer: which kind it was answered for, and which kinds the question asks. */
export function notApplicableNote(kind: PlatformKind, kinds: readonly PlatformKind[]): string {
	const ordered = PLATFORM_KINDS.filter((k) => kinds.includes(k));
	return `${notApplicableLabel(kind)}: this question applies to ${list(ordered.map((k) => KIND_PLURALS[k]))} only.`;
}

export interface NotApplicableAnswer {
	questionId: string;
	note: string;
}

/** Every scored or written question of the template that does not apply to `kind`, with its note. */
export function notApplicableAnswers(doc: Pick<Template, 'sections'>, kind: PlatformKind): NotApplicableAnswer[] {
	return doc.sections.flatMap((section) =>
		section.questions.filter((q) => !appliesToKind(section, q, kind)).map((q) => ({ questionId: q.id, note: notApplicableNote(kind, kindsOf(section, q)!) }))
	);
}
