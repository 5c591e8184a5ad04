// Demo content for `npm run demo` and `clearance seed --demo`: one account
// per role, with random passwords that are printed once and never stored,
// and a portfolio of fictional platforms with their assessment histories.
import { randomBytes } from 'node:crypto';
import { CLI_ACTOR } from './audit';
import type { Role } from './db/schema';
import { seedDemoReview } from './demo-portfolio/review';
import { seedPortfolio } from './demo-portfolio';
import * as users from './users';

export interface DemoAccount {
	email: string;
	role: Role;
	password: string;
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
		await users.create(CLI_ACTOR, { ...person, password });
		created.push({ email: person.email, role: person.role, password });
	}
	// Platforms with assessment histories, credited to the demo analyst.
	const analyst = users.findByEmail('analyst@clearance.demo');
	const seeded = await seedPortfolio({ analystId: analyst?.id ?? null, analystLabel: analyst?.email ?? 'cli', selfAssessments: true });
	const committee = users.findByEmail('committee@clearance.demo');
	if (analyst && committee) seedDemoReview({ id: analyst.id, label: analyst.email, role: analyst.role }, [committee.id]);
	return { accounts: created, openLinkPath: seeded.openLinkPath ?? null };
}
