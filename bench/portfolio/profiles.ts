// A thousand invented platforms for the portfolio benchmark, drawn the same on
// every run: each gets a kind, a security maturity per section (strong, middling
// and weak platforms, with uneven sections), a trajectory, and an assessment
// history of one to nine final reviews over the last six years. The answers
// themselves come from the demo's generator, so they read like an analyst's.
import { SECTIONS, type PlannedAssessment, type PlatformProfile, type SectionId } from '../../src/lib/server/demo/profiles';
import type { PlatformKind } from '../../src/lib/server/db/schema';
import { Random } from '../../src/lib/scoring/prng';

const FIRST = [
	'Aurora', 'Basalt', 'Cinder', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper',
	'Kiln', 'Larch', 'Mistral', 'Nimbus', 'Onyx', 'Pioneer', 'Quarry', 'Rowan', 'Sable', 'Tundra',
	'Umber', 'Vale', 'Willow', 'Xenon', 'Yarrow', 'Zephyr', 'Alder', 'Beacon', 'Cobalt', 'Drift',
	'Elm', 'Flint', 'Glacier', 'Heath', 'Indigo', 'Jasper', 'Kestrel', 'Lantern', 'Marble', 'Nova'
];
const SECOND = ['North', 'Bridge', 'Stone', 'Point', 'Field', 'Gate', 'Ridge', 'Bay', 'Peak', 'Crest', 'Line', 'Works', 'Reach', 'Mill', 'Hollow', 'Rock', 'Shore', 'Wood', 'Path', 'Cross', 'Light', 'Well', 'Haven', 'Moor', 'Spring'];
const SUFFIX: Record<PlatformKind, string[]> = {
	exchange: ['Exchange', 'Markets', 'Trading'],
	custodian: ['Custody', 'Trust', 'Vaults'],
	defi: ['Protocol', 'Finance', 'Labs'],
	market_maker: ['Market Making', 'Liquidity', 'Capital'],
	wallet: ['Wallet', 'Keys', 'Signer'],
	other: ['Prime', 'Payments', 'Staking']
};
const KINDS: PlatformKind[] = ['exchange', 'exchange', 'custodian', 'custodian', 'defi', 'defi', 'defi', 'market_maker', 'wallet', 'other'];
const STATUSES = ['prospect', 'under_review', 'approved', 'approved', 'approved', 'monitoring', 'monitoring', 'rejected'] as const;
const JURISDICTIONS = ['Switzerland', 'EU (MiCA)', 'Singapore', 'United States', 'United Kingdom', 'Cayman Islands', 'British Virgin Islands', 'Hong Kong', 'UAE (VARA)', 'Bermuda', 'Japan', 'Liechtenstein'];
const TAGS = ['tier-1', 'spot', 'perps', 'multisig', 'MPC', 'cold storage', 'staking', 'Solana', 'EVM', 'bitcoin', 'stablecoins', 'OTC', 'lending', 'bridge', 'restaking'];
const PEOPLE = ['Ana Ferreira', 'Tomasz Nowak', 'Priya Raman', 'Lukas Brenner', 'Mei Lin', 'Oluwaseun Adeyemi', 'Sofia Rossi', 'Jonas Berg', 'Yuki Sato', 'Camille Laurent', 'Rafael Ortiz', 'Hana Kovac'];
const SIGNING = ['the Safe multisig', 'the MPC policy engine', 'the HSM quorum', 'the hardware-wallet multisig', 'the custody provider’s signing service'];
const QUIET = 'No security incident in the period. Phishing attempts against staff were reported through the internal channel and blocked.';
const INCIDENT = 'A contractor applicant was found using borrowed identity documents during onboarding; access was never granted and the hiring checklist was tightened.';

/**
 * Knock-out questions of ci-dd 2.0.0 (what the bench seeds), which a weak
 * platform sometimes fails: the thirteen 1.0.0 had, by their 2.0.0 ids, so
 * the share of capped grades stays comparable with earlier runs.
 */
const KNOCKOUTS = [
	'governance.ofac-screening', 'hiring.live-interview', 'hiring.in-person-id', 'hiring.device-shipping', 'hiring.payroll-name-match',
	'insider.remote-access-tools', 'insider.revoke-hours', 'keys.keyholder-background', 'keys.auth-factors', 'keys.key-hardware',
	'social.verify-what-is-signed', 'supply-chain.publish-control', 'response.signer-alerting'
];

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * `platforms` profiles whose histories add up to `finals` final assessments
 * (each platform has at least one; the rest are spread at random).
 */
export function benchProfiles(platforms: number, finals: number, seed = 20261121): PlatformProfile[] {
	if (finals < platforms) throw new Error('every platform needs at least one final assessment');
	if (platforms > FIRST.length * SECOND.length) throw new Error(`at most ${FIRST.length * SECOND.length} platforms`);
	const rng = new Random(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];
	const counts = new Array<number>(platforms).fill(1);
	// Extra assessments land unevenly: a few platforms were reviewed many times.
	for (let extra = finals - platforms; extra > 0; extra--) {
		const i = Math.floor(rng.uniform() * platforms);
		if (counts[i] < 9) counts[i]++;
		else extra++;
	}
	const names = FIRST.flatMap((a) => SECOND.map((b) => `${a}${b.toLowerCase()}`));
	shuffle(names, rng);

	return counts.map((count, i) => {
		const kind = pick(KINDS);
		const name = `${names[i]} ${pick(SUFFIX[kind])}`;
		const short = names[i];
		// Platform strength: most are middling, a tail is strong or weak.
		const base = clamp(0.62 + rng.normal() * 0.17, 0.1, 0.97);
		const maturity = Object.fromEntries(SECTIONS.map((s) => [s, clamp(base + rng.normal() * 0.08, 0.05, 1)])) as Record<SectionId, number>;
		const roll = rng.uniform();
		const trajectory: PlatformProfile['trajectory'] =
			roll < 0.5 ? { kind: 'improving', perYear: 0.03 + rng.uniform() * 0.08 } : roll < 0.85 ? { kind: 'flat' } : { kind: 'declining', incidentMonthsAgo: 2 + rng.uniform() * 20, drop: 0.08 + rng.uniform() * 0.15 };
		const person = () => pick(PEOPLE);
		return {
			platform: {
				name,
				kind,
				status: pick(STATUSES),
				jurisdictions: [...new Set([pick(JURISDICTIONS), pick(JURISDICTIONS)])],
				tags: [...new Set([pick(TAGS), pick(TAGS), pick(TAGS)])],
				website: `https://${short.toLowerCase()}.example`,
				description: `${name} is an invented ${kind.replace('_', ' ')} for the portfolio benchmark.`
			},
			short,
			maturity,
			trajectory,
			notApplicable: rng.uniform() < 0.4 ? { 'keys.durable-nonce': `${short} holds no Solana assets; confirmed against the wallet inventory.` } : {},
			people: { security: `${person()} (CISO)`, people: `${person()} (head of people)`, treasury: `${person()} (treasury)`, engineering: `${person()} (engineering)` },
			signing: pick(SIGNING),
			programmeOwner: `${person()}, who reports to the CEO.`,
			assessments: history(count, base, rng)
		};
	});
}

/** `count` final assessments, oldest first, roughly a year apart, the latest 0.5–18 months ago. */
function history(count: number, base: number, rng: Random): PlannedAssessment[] {
	const out: PlannedAssessment[] = [];
	let monthsAgo = 0.5 + rng.uniform() * 17.5;
	for (let i = 0; i < count; i++) {
		// Weak platforms fail knock-outs more often.
		const failChance = clamp(0.75 - base, 0.02, 0.6);
		const knockouts = KNOCKOUTS.filter(() => rng.uniform() < failChance / 4);
		out.unshift({
			monthsAgo,
			state: 'final',
			coverage: 0.85 + rng.uniform() * 0.15,
			knockouts,
			lastIncident: rng.uniform() < 0.15 ? INCIDENT : QUIET
		});
		monthsAgo += 6 + rng.uniform() * 9;
	}
	return out;
}

function shuffle<T>(xs: T[], rng: Random): void {
	for (let i = xs.length - 1; i > 0; i--) {
		const j = Math.floor(rng.uniform() * (i + 1));
		[xs[i], xs[j]] = [xs[j], xs[i]];
	}
}
