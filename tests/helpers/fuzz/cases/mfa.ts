// Two-factor authentication: setting it up, new recovery codes, turning it
// off, the code page of signing in, and the admin's say on who must use it.
// A code changes every 30 seconds, so the right one is made as each request
// is sent (Fresh); the wrong ones are wrong whenever they are sent.
import fc from 'fast-check';
import { challengeCookieName } from '../../../../src/lib/server/auth/mfa-challenge';
import { STEP_SECONDS, totp } from '../../../../src/lib/server/auth/totp';
import { Fresh, type Field } from '../harness';
import { choice, file, MEGABYTE, NUL, PROTO_WORDS, token, type Mutation } from '../hostile';
import { form, m } from '../fields';
import { armAllowance, armChallenge, spendAllowance, type Person, type World } from '../world';
import { currentPassword, sessionCookie } from './accounts';
import type { Specs } from './index';

const STEP_MS = STEP_SECONDS * 1000;
const HOUR_MS = 3_600_000;

/** The code the authenticator app shows as the request is sent. */
const codeNow = (secret: string) => new Fresh(() => totp(secret, Date.now()));

/** Six digits that are no step's code the server could accept while the request is on its way (the next step included). */
const wrongCode = (secret: string) =>
	new Fresh(() => {
		const now = Date.now();
		const near = new Set([-1, 0, 1, 2].map((k) => totp(secret, now + k * STEP_MS)));
		let n = Number(totp(secret, now));
		let code = '';
		do code = String((n = (n + 1) % 1_000_000)).padStart(6, '0');
		while (near.has(code));
		return code;
	});

/** A recovery code with its first letter changed: the right shape, but none of the user's. */
const otherLetter = (code: string) => (code[0] === 'A' ? 'B' : 'A') + code.slice(1);

/**
 * What a code field may carry instead of `valid`; every one is refused.
 * `more`: the refusals only this field has (a code already used, say).
 */
function code(secret: string, valid: Fresh | string, more: Array<[string, unknown]> = []): fc.Arbitrary<Mutation> {
	const around = (edit: (code: string) => string) => new Fresh(() => edit(valid instanceof Fresh ? valid.make() : valid));
	const at = Date.now();
	const values: Array<[string, unknown]> = [
		['empty', ''],
		['blank', '   '],
		['a wrong code', wrongCode(secret)],
		['the code of an hour ago', totp(secret, at - HOUR_MS)],
		['the code of an hour ahead', totp(secret, at + HOUR_MS)],
		['5 digits', '12345'],
		['7 digits', '1234567'],
		['full-width digits', '\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16'],
		['Arabic-Indic digits', '\u0661\u0662\u0663\u0664\u0665\u0666'],
		['the code + NUL', around((c) => c + NUL)],
		['NUL inside the code', around((c) => c.slice(0, 3) + NUL + c.slice(3))],
		['U+202E + the code', around((c) => '\u202E' + c)],
		['the code + U+2066', around((c) => c + '\u2066')],
		['the code + 1 MB', around((c) => c + MEGABYTE)],
		['1 MB string', MEGABYTE],
		...PROTO_WORDS.map((w): [string, unknown] => [w, w]),
		...more
	];
	return fc.oneof(
		fc.constantFrom(...values).map(([tag, v]) => m(tag, v)),
		fc.constant(m('missing')),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('code.txt', '123456'))),
		fc.constant(m('an empty file instead of text', file('', '')))
	);
}

export function mfaSpecs(world: World): Specs {
	const { admin, committee, adminMfa } = world;
	// What only a code for the admin (who has two-factor authentication on) can be refused for.
	const adminCodes: Array<[string, unknown]> = [
		['the code last used', adminMfa.usedCode],
		['a recovery code already used', adminMfa.usedRecoveryCode],
		['a recovery code with a letter changed', otherLetter(adminMfa.recoveryCode)],
		['a recovery code + NUL', adminMfa.recoveryCode + NUL],
		['U+202E inside a recovery code', adminMfa.recoveryCode.replace('-', '-\u202E')],
		['a recovery code + a letter', adminMfa.recoveryCode + 'A']
	];
	const adminCode = (valid: Fresh | string) => code(adminMfa.secret, valid, adminCodes);
	const appCode = codeNow(adminMfa.secret);
	const password = (who: Person) => form('currentPassword', who.password, currentPassword(who));
	// Turning it off re-authenticates with the code too: the right code is refused once the allowance is spent.
	const spentThenCode = (valid: Fresh | string): [string, unknown] => [
		'the right code, once wrong ones have spent the allowance',
		new Fresh(() => {
			spendAllowance(admin);
			return valid instanceof Fresh ? valid.make() : valid;
		})
	];
	// http://localhost, as the fuzz suite's requests go: no __Host- prefix.
	const challengeCookie: Field = {
		name: challengeCookieName(new URL('http://localhost/')),
		where: 'cookie',
		valid: [world.challenge.token],
		hostile: fc.oneof(token(world.challenge.token, world.challenge.dead), fc.constant(m('no cookie')))
	};

	return {
		'/(app)/account/mfa start': { who: 'analyst', cases: [{ label: 'the analyst starts setting it up', writes: true, fields: [sessionCookie(world, 'analyst')] }] },
		'/(app)/account/mfa confirm': {
			who: 'committee',
			before: () => armAllowance(committee),
			cases: [
				{
					label: 'the committee member confirms with the new secret’s code',
					writes: true,
					fields: [
						password(committee),
						form(
							'code',
							codeNow(world.pendingSecret),
							code(world.pendingSecret, codeNow(world.pendingSecret), [
								['a recovery code', 'ABCDE-FGHIJ'],
								["the admin's code of now", appCode]
							])
						)
					]
				}
			]
		},
		'/(app)/account/mfa regenerate': { who: 'admin', before: () => armAllowance(admin), cases: [{ label: 'new recovery codes', writes: true, fields: [password(admin)] }] },
		'/(app)/account/mfa disable': {
			who: 'admin',
			// Wrong passwords and codes spend the admin's allowance: every request meets it whole.
			before: () => armAllowance(admin),
			cases: [
				{ label: 'turned off with the app’s code', writes: true, fields: [password(admin), form('code', appCode, code(adminMfa.secret, appCode, [...adminCodes, spentThenCode(appCode)]))] },
				{
					label: 'turned off with a recovery code',
					writes: true,
					fields: [password(admin), form('code', adminMfa.recoveryCode, code(adminMfa.secret, adminMfa.recoveryCode, [...adminCodes, spentThenCode(adminMfa.recoveryCode)]))]
				}
			]
		},
		'/login/mfa default': {
			who: 'anonymous',
			// Each wrong code costs the challenge a try, and five end it: every request meets it live.
			before: () => armChallenge(world),
			cases: [
				{ label: 'the admin answers with the app’s code', writes: true, fields: [challengeCookie, form('code', appCode, adminCode(appCode))] },
				{ label: 'the admin answers with a recovery code', writes: true, fields: [challengeCookie, form('code', adminMfa.recoveryCode, adminCode(adminMfa.recoveryCode))] }
			]
		},
		'/(app)/admin setMfaRequirement': {
			who: 'admin',
			cases: [{ label: 'required for everyone', writes: true, fields: [form('required', 'true', choice('true', ['true', 'false']))] }]
		},
		'/(app)/admin setFourEyes': {
			who: 'admin',
			cases: [{ label: 'relaxed for a one-person team', writes: true, fields: [form('relaxed', 'true', choice('true', ['true', 'false']))] }]
		}
	};
}
