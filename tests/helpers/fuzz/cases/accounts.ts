// Signing in and out, one's own account and sessions, and the admin's user management.
import fc from 'fast-check';
import { ROLES } from '../../../../src/lib/server/db/schema';
import { hashToken } from '../../../../src/lib/server/auth/session';
import { Fresh, type Field } from '../harness';
import { choice, email, file, id, MEGABYTE, NUL, PROTO_WORDS, text, token } from '../hostile';
import { form, m } from '../fields';
import { armAllowance, spendAllowance, type Person, type World } from '../world';
import type { Specs } from './index';

/** The only input of an action that reads no field: the session cookie that says who asks. */
export function sessionCookie(world: World, who: 'admin' | 'analyst' | 'committee'): Field {
	return { name: 'session', where: 'session', valid: [world[who].token], hostile: token(world[who].token, world.deadSessions) };
}

/**
 * The password asked for again before a sensitive change, by `who`. It
 * spends their sign-in allowance: the right password once five wrong ones
 * have spent it must be refused too (the spec's `before` puts it back).
 */
export function currentPassword(who: Person) {
	const valid = who.password;
	const spent = new Fresh(() => {
		spendAllowance(who);
		return valid;
	});
	return fc.oneof(
		fc.constantFrom<[string, unknown]>(['empty', ''], ['wrong', 'not the right passphrase'], ['1 MB', MEGABYTE], ['the right one, once wrong ones have spent the allowance', spent]).map(([t, v]) => m(t, v)),
		fc.constant(m('missing')),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('p.txt', valid)))
	);
}

/** The sign-in form, filled in for `who`. */
function signInFields(who: Person): Field[] {
	return [
		form('email', who.email, fc.oneof(email(who.email), fc.constant(m('an unknown account', 'nobody@clearance.demo')))),
		form(
			'password',
			who.password,
			fc.oneof(
				fc.constantFrom<[string, string]>(['empty', ''], ['wrong', 'not the right passphrase'], ['1 MB password', MEGABYTE], ['the password + NUL', who.password + NUL]).map(([t, v]) => m(t, v)),
				fc.constant(m('missing')),
				fc.constant(m('sent twice', who.password, who.password)),
				fc.constant(m('a file instead of text', file('p.txt', who.password)))
			)
		)
	];
}

/** A session id (64 hex digits) that names none of the user's other sessions; `foreign` are real ones that are not theirs to end. */
function sessionId(valid: string, foreign: Record<string, string>) {
	const values: Array<[string, string]> = [
		['empty', ''],
		['in capitals', valid.toUpperCase()],
		['63 hex digits', valid.slice(0, -1)],
		['65 hex digits', valid + '0'],
		['the id + a line break', valid + '\n'],
		['the id + NUL', valid + NUL],
		['U+202E + the id', '\u202E' + valid],
		['a session that does not exist', '0'.repeat(64)],
		['1 MB', MEGABYTE],
		...PROTO_WORDS.map((w): [string, string] => [w, w]),
		...Object.entries(foreign)
	];
	return fc.oneof(
		fc.constantFrom(...values).map(([t, v]) => m(t, v)),
		fc.constant(m('missing')),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('id.txt', valid)))
	);
}

const FRESH_PASSWORD = 'an unrelated fresh passphrase';

function newPassword(valid: string) {
	return fc.oneof(
		fc.constantFrom<[string, string]>(
			['empty', ''],
			['11 characters', 'elevenchars'],
			['257 characters', 'p'.repeat(256) + 'q'],
			['1 MB password', MEGABYTE],
			['a common password padded with digits', 'password123456!'],
			['one character repeated', 'aaaaaaaaaaaaaaaa']
		).map(([tag, v]) => m(tag, v)),
		fc.constant(m('missing')),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('p.txt', valid)))
	);
}

export function accountSpecs(world: World): Specs {
	const { admin, analyst } = world;
	return {
		'/login default': {
			who: 'anonymous',
			cases: [
				{ label: 'the analyst signs in', writes: false, fields: signInFields(analyst) },
				// The admin has two-factor authentication: the right password opens the code page, not a session.
				{ label: "the admin's password asks for a code", writes: false, fields: signInFields(admin) }
			]
		},
		'/logout default': { who: 'admin', cases: [{ label: 'signing out', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/account signOutEverywhere': { who: 'admin', cases: [{ label: 'ending every session', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/account/sessions endOthers': { who: 'admin', cases: [{ label: 'ending the other sessions', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/account/sessions end': {
			who: 'admin',
			cases: [
				{
					label: "ending the admin's session on another device",
					writes: false,
					fields: [
						form(
							'sessionId',
							world.sessionIds.adminElsewhere,
							sessionId(world.sessionIds.adminElsewhere, {
								'the session in use': world.sessionIds.adminHere,
								"the analyst's session": world.sessionIds.analyst,
								...Object.fromEntries(Object.entries(world.deadSessions).map(([label, t]) => [label, hashToken(t)]))
							})
						)
					]
				}
			]
		},
		'/(app)/admin/audit verify': { who: 'admin', cases: [{ label: 'verifying the chain', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/account changePassword': {
			who: 'admin',
			before: () => armAllowance(admin),
			cases: [
				{
					label: 'a new password',
					writes: true,
					fields: [
						form('currentPassword', admin.password, currentPassword(admin)),
						form('newPassword', FRESH_PASSWORD, newPassword(FRESH_PASSWORD)),
						form(
							'confirmPassword',
							FRESH_PASSWORD,
							fc.oneof(fc.constant(m('missing')), fc.constant(m('different', FRESH_PASSWORD + '!')), fc.constant(m('sent twice', FRESH_PASSWORD, FRESH_PASSWORD)), fc.constant(m('a file instead of text', file('p.txt', FRESH_PASSWORD))))
						)
					]
				}
			]
		},
		'/(app)/admin/users create': {
			who: 'admin',
			cases: [
				{
					label: 'a new analyst',
					writes: true,
					fields: [
						form('email', 'new.person@fuzz.example', fc.oneof(email('new.person@fuzz.example'), fc.constant(m('an existing account in capitals', analyst.email.toUpperCase())))),
						form('name', 'New Person', text('New Person', { max: 120, required: true })),
						form('role', 'analyst', choice('analyst', ROLES)),
						form('password', FRESH_PASSWORD, newPassword(FRESH_PASSWORD))
					]
				}
			]
		},
		'/(app)/admin/users changeRole': {
			who: 'admin',
			cases: [
				{
					label: 'the analyst becomes committee',
					writes: true,
					fields: [form('userId', String(analyst.id), id(String(analyst.id), { foreign: { 'the admin themselves': String(admin.id) } })), form('role', 'committee', choice('committee', ROLES))]
				}
			]
		},
		'/(app)/admin/users endSessions': {
			who: 'admin',
			cases: [
				{
					// Sessions are sign-in state, not business data: ending them writes no business table.
					label: "the analyst's sessions end",
					writes: false,
					fields: [form('userId', String(analyst.id), id(String(analyst.id), { foreign: { 'the admin themselves': String(admin.id) } }))]
				}
			]
		},
		'/(app)/admin/users setDisabled': {
			who: 'admin',
			cases: [
				{
					label: 'the analyst is disabled',
					writes: true,
					fields: [form('userId', String(analyst.id), id(String(analyst.id), { foreign: { 'the admin themselves': String(admin.id) } })), form('disabled', 'true', choice('true', ['true', 'false']))]
				}
			]
		}
	};
}
