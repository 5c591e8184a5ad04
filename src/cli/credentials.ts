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
}
