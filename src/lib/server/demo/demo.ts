// Demo content for `npm run demo` and `clearance seed --demo`: one account
// per role, with random passwords that are printed once and never stored
// (the admin also with an authenticator secret and recovery codes), and a
// portfolio of fictional platforms with their assessment histories.
import { randomBytes } from 'node:crypto';
import { CLI_ACTOR } from '../audit';
import type { Role } from '../db/schema';
import { seedDemoReview } from './review';
import { seedDemoConditions } from './conditions';
import { seedDemoFindings } from './findings';
import { seedPortfolio } from './portfolio';
import { seedDemoWork } from './work';
import * as mfa from '../auth';
import { newSecret, otpauthUri } from '../auth';
import * as users from '../auth';

export interface DemoAccount {
	email: string;
	role: Role;
	password: string;
	/** Admins must use two-factor authentication, the demo's too: what to sign in with. */
	mfa?: { secret: string; uri: string; recoveryCodes: string[] };
}

/**
 * The demo admin's TOTP secret: DEMO_TOTP_SECRET when set (the browser tests
 * compute codes from it), else a new random one, printed with the passwords.
 */
function demoTotpSecret(): string {
	const fixed = process.env.DEMO_TOTP_SECRET;
	if (!fixed) return newSecret();
	const secret = fixed.toUpperCase().replace(/[\s=]/g, '');
	if (!/^[A-Z2-7]{16,}$/.test(secret)) throw new Error('DEMO_TOTP_SECRET must be base32 (A–Z and 2–7), at least 16 characters');
	return secret;
}

const PEOPLE: Array<{ email: string; name: string; role: Role }> = [
	{ email: 'admin@clearance.demo', name: 'Ada Admin', role: 'admin' },
	{ email: 'analyst@clearance.demo', name: 'Amara Analyst', role: 'analyst' },
	{ email: 'committee@clearance.demo', name: 'Chen Committee', role: 'committee' }
];

/** Create the demo accounts that do not exist yet; returns those created, and the open invitation's link path. */
export async function seedDemo(): Promise<{ accounts: DemoAccount[]; openLinkPath: string | null }> {
	const created: DemoAccount[] = [];
	for (const person of PEOPLE) {
		if (users.findByEmail(person.email)) continue;
		const password = process.env.DEMO_PASSWORD || randomBytes(12).toString('base64url');
		const account = await users.create(CLI_ACTOR, { ...person, password });
		if (person.role === 'admin') {
			const secret = demoTotpSecret();
			const recoveryCodes = mfa.enrolForDemo(CLI_ACTOR, account.id, secret);
			created.push({ email: person.email, role: person.role, password, mfa: { secret, uri: otpauthUri(secret, person.email), recoveryCodes } });
		} else {
			created.push({ email: person.email, role: person.role, password });
		}
	}
	// Platforms with assessment histories, credited to the demo analyst; four eyes: the admin finalised what the analyst submitted.
	const analyst = users.findByEmail('analyst@clearance.demo');
	const admin = users.findByEmail('admin@clearance.demo');
	const seeded = await seedPortfolio({
		analystId: analyst?.id ?? null,
		analystLabel: analyst?.email ?? 'cli',
		finaliser: admin ? { id: admin.id, label: admin.email } : CLI_ACTOR,
		selfAssessments: true
	});
	const committee = users.findByEmail('committee@clearance.demo');
	if (analyst && committee) {
		seedDemoReview({ id: analyst.id, label: analyst.email, role: analyst.role }, [committee.id]);
		if (admin) seedDemoFindings({ id: analyst.id, label: analyst.email }, { id: admin.id, label: admin.email });
		seedDemoConditions({ id: analyst.id, label: analyst.email, role: analyst.role }, [committee.id]);
	}
	if (seeded.platforms > 0 && admin && analyst) seedDemoWork({ id: admin.id, label: admin.email }, { id: analyst.id, label: analyst.email });
	return { accounts: created, openLinkPath: seeded.openLinkPath ?? null };
}
