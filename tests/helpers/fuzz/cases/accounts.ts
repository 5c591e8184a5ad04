// Signing in and out, one's own account, and the admin's user management.
import fc from 'fast-check';
import { ROLES } from '../../../../src/lib/server/db/schema';
import type { Field } from '../harness';
import { choice, email, file, id, MEGABYTE, text, token } from '../hostile';
import { form, m } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

/** The only input of an action that reads no field: the session cookie that says who asks. */
export function sessionCookie(world: World, who: 'admin' | 'analyst' | 'committee'): Field {
	return { name: 'session', where: 'session', valid: [world[who].token], hostile: token(world[who].token, world.deadSessions) };
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
				{
					label: 'the admin signs in',
					writes: false,
					fields: [
						form('email', admin.email, fc.oneof(email(admin.email), fc.constant(m('an unknown account', 'nobody@clearance.demo')))),
						form(
							'password',
							admin.password,
							fc.oneof(
								fc.constantFrom<[string, string]>(['empty', ''], ['wrong', 'not the admin passphrase'], ['1 MB password', MEGABYTE], ['the password + NUL', admin.password + '\u0000']).map(([t, v]) => m(t, v)),
								fc.constant(m('missing')),
								fc.constant(m('sent twice', admin.password, admin.password)),
								fc.constant(m('a file instead of text', file('p.txt', admin.password)))
							)
						)
					]
				}
			]
		},
		'/logout default': { who: 'admin', cases: [{ label: 'signing out', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/account signOutEverywhere': { who: 'admin', cases: [{ label: 'ending every session', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/admin/audit verify': { who: 'admin', cases: [{ label: 'verifying the chain', writes: false, fields: [sessionCookie(world, 'admin')] }] },
		'/(app)/account changePassword': {
			who: 'admin',
			cases: [
				{
					label: 'a new password',
					writes: true,
					fields: [
						form(
							'currentPassword',
							admin.password,
							fc.oneof(
								fc.constantFrom<[string, string]>(['empty', ''], ['wrong', 'not the admin passphrase'], ['1 MB', MEGABYTE]).map(([t, v]) => m(t, v)),
								fc.constant(m('missing')),
								fc.constant(m('sent twice', admin.password, admin.password)),
								fc.constant(m('a file instead of text', file('p.txt', admin.password)))
							)
						),
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
