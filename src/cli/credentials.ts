import type { DemoAccount } from '../lib/server/demo';

/** The demo's open invitation: the one place its token is ever shown. */
export function printInvitation(origin: string | undefined, path: string | null): void {
	if (!path) return;
	console.log(`Try the platform's side: a demo self-assessment invitation (works for 14 days):\n  ${origin ?? ''}${path}\n`);
}

export function printCredentials(accounts: DemoAccount[]): void {
	if (accounts.length === 0) {
		console.log('Demo users already exist; their passwords were printed when they were created.');
		return;
	}
	const note = process.env.DEMO_PASSWORD ? 'password from DEMO_PASSWORD' : 'passwords are random and shown only now';
	console.log(`\nDemo accounts (${note}):`);
	for (const a of accounts) console.log(`  ${a.role.padEnd(10)} ${a.email.padEnd(28)} ${a.password}`);
	console.log('');
	for (const a of accounts) if (a.mfa) printSecondFactor(a.email, a.mfa);
}

/** Admins always sign in with a second factor: two ways for a visitor to have one. */
function printSecondFactor(email: string, mfa: NonNullable<DemoAccount['mfa']>): void {
	console.log(`${email} also needs a code (admins always use two-factor authentication). Either add this key to an authenticator app:`);
	console.log(`  key  ${mfa.secret.match(/.{1,4}/g)!.join(' ')}${process.env.DEMO_TOTP_SECRET ? '  (from DEMO_TOTP_SECRET)' : ''}`);
	console.log(`  URI  ${mfa.uri}`);
	console.log('or, without an app, enter one of these recovery codes instead (each works once):');
	for (let i = 0; i < mfa.recoveryCodes.length; i += 5) console.log(`  ${mfa.recoveryCodes.slice(i, i + 5).join('  ')}`);
	console.log('');
}
