// Remediation: the analyst sending findings, following a request (withdraw,
// revoke, verify, reopen), and the platform's respondent answering through
// the link (plan, target date, evidence, mark as done).
import fc from 'fast-check';
import type { Field } from '../harness';
import { MEGABYTE, NUL, PDF, PROTO_WORDS, count, email, evidenceFile, file, id, text, token, url } from '../hostile';
import { form, m, number, param } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

const LINK_REFUSALS = ['ftp://evidence.example/fix.pdf', 'https://x', 'evidence.example/fix.pdf', 'https://bank.example@evil.example/', 'javascript:alert(1)', 'https://evidence.example/a b'];

/** A target date: optional, but when given a real day as YYYY-MM-DD. */
function targetDate(valid: string): fc.Arbitrary<ReturnType<typeof m>> {
	const values = ['2027-02-30', '2027-02-29', '2027-13-01', '2027-00-10', '2027-1-1', '20270101', '0000-00-00', '+275760-09-13', 'NaN', 'tomorrow', ...PROTO_WORDS, valid + NUL, '\u202E' + valid, `${valid}T00:00:00Z`, MEGABYTE];
	return fc.oneof(
		fc.constantFrom(...values).map((v) => m(`date ${JSON.stringify(v.slice(0, 14))}`, v)),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('date.txt', valid)))
	);
}

export function remediationSpecs(world: World): Specs {
	const r = world.remediation;
	const requestParam = param('id', r.request, id(String(r.request), { form: false }));
	const remediatorCookie: Field = { name: 'remediator', where: 'remediator', valid: [r.token], hostile: token(r.token, r.dead) };
	// The finding waiting on the platform; the one it marked done (no longer its to change), and another platform's.
	const waiting = form('findingId', String(r.sent), id(String(r.sent), { foreign: { 'a finding marked done already': String(r.remediated), "another platform's finding": String(r.foreignOpen), 'an open finding never sent': String(r.open) } }));
	const answer = (plan: string): Field[] => [
		remediatorCookie,
		waiting,
		form('plan', plan, text(plan, { max: 4000, required: true, multiline: true })),
		form('targetOn', '2027-03-31', targetDate('2027-03-31')),
		form('version', '0', number('0', { zeroIsValid: true }))
	];
	const findings: Field = {
		name: 'findings',
		where: 'form',
		valid: [String(r.open)],
		hostile: fc.oneof(
			fc.constant(m('none')),
			fc
				.constantFrom<[string, unknown[]]>(
					...['NaN', '-0', '0', '1.5', '1e308', 'Infinity', '', ...PROTO_WORDS, MEGABYTE, String(r.open) + NUL, '999999'].map((v): [string, unknown[]] => [`finding ${JSON.stringify(v.slice(0, 10))}`, [v]]),
					["another platform's finding", [String(r.foreignOpen)]],
					['a finding with the platform already', [String(r.sent)]],
					['an open one and one already sent', [String(r.open), String(r.sent)]],
					['a file', [file('f.txt', String(r.open))]]
				)
				.map(([t, v]) => m(t, ...v))
		)
	};
	return {
		'/(app)/platforms/[id]/remediation/new default': {
			who: 'analyst',
			cases: [
				{
					label: 'an open finding sent to Halcyon',
					writes: true,
					fields: [
						param('id', r.platform, id(String(r.platform), { form: false })),
						findings,
						form('respondentName', 'Halcyon Security', text('Halcyon Security', { max: 120, required: true })),
						form('respondentEmail', 'security@halcyon.example', email('security@halcyon.example')),
						form('message', 'Please fix these by March.', text('Please fix these by March.', { max: 2000, multiline: true })),
						form('expiresInDays', '14', count('14', 1, 30))
					]
				}
			]
		},
		'/(app)/remediation/[id] revoke': { who: 'analyst', cases: [{ label: "Halcyon's link withdrawn", writes: true, fields: [requestParam] }] },
		'/(app)/remediation/[id] withdraw': {
			who: 'analyst',
			cases: [
				{
					label: 'the waiting finding taken back',
					writes: true,
					fields: [requestParam, form('findingId', String(r.sent), id(String(r.sent), { foreign: { 'a finding marked done': String(r.remediated), 'a finding of no request': String(r.open) } }))]
				}
			]
		},
		'/(app)/remediation/[id] verify': {
			who: 'analyst',
			cases: [
				{
					label: 'the fix verified',
					writes: true,
					fields: [
						requestParam,
						form('findingId', String(r.remediated), id(String(r.remediated), { foreign: { 'a finding not marked done': String(r.sent), 'a finding of no request': String(r.open) } })),
						form('note', 'Checked the drill records.', text('Checked the drill records.', { max: 2000, multiline: true }))
					]
				}
			]
		},
		'/(app)/remediation/[id] reopen': {
			who: 'analyst',
			cases: [
				{
					label: 'the fix refused',
					writes: true,
					fields: [
						requestParam,
						form('findingId', String(r.remediated), id(String(r.remediated), { foreign: { 'a finding not marked done': String(r.sent), 'a finding of no request': String(r.open) } })),
						form('reason', 'Only one drill, last year.', text('Only one drill, last year.', { max: 2000, required: true, multiline: true }))
					]
				}
			]
		},
		'/remediate saveResponse': { who: 'remediator', cases: [{ label: 'the platform saves its plan', writes: true, fields: answer('Background checks for every key holder.') }] },
		'/remediate markDone': { who: 'remediator', cases: [{ label: 'the platform marks the fix done', writes: true, fields: answer('Done: every key holder checked.') }] },
		'/remediate uploadEvidence': { who: 'remediator', cases: [{ label: 'the platform uploads a PDF', writes: true, fields: [remediatorCookie, waiting, form('file', PDF(), evidenceFile(PDF()))] }] },
		'/remediate addLink': {
			who: 'remediator',
			cases: [
				{
					label: 'the platform gives a link',
					writes: true,
					fields: [remediatorCookie, waiting, form('url', 'https://evidence.example/fix.pdf', url('https://evidence.example/fix.pdf', LINK_REFUSALS)), form('label', 'Report', text('Report', { max: 200 }))]
				}
			]
		}
	};
}
