// The thirteen fictional platforms of the demo portfolio (twelve with a
// final assessment, the most the compare view takes at once): what each is, how
// mature its security is per section of ci-dd, how that changed over time,
// and which assessments it has had. Every name here is invented.
import type { PlatformInput } from '../../validation/platforms';

export const SECTIONS = ['governance', 'hiring', 'insider', 'keys', 'social', 'supply-chain', 'response'] as const;
export type SectionId = (typeof SECTIONS)[number];

/**
 * A section's maturity: a section of ci-dd 1.0.0 as profiled; one that 2.0.0
 * added (personal security, channels, custody, protocol) at the profile's
 * mean, so a strong platform stays strong on the new questions.
 */
export function maturityOf(profile: Pick<PlatformProfile, 'maturity'>, sectionId: string): number {
	const own = profile.maturity[sectionId as SectionId];
	if (own !== undefined) return own;
	const all = Object.values(profile.maturity);
	return all.reduce((a, b) => a + b, 0) / all.length;
}

/** How the platform's maturity moved before its latest assessment. */
export type Trajectory =
	| { kind: 'improving'; perYear: number }
	| { kind: 'flat' }
	/** Controls eroded: assessments before the incident sit `drop` higher. */
	| { kind: 'declining'; incidentMonthsAgo: number; drop: number };

export interface PlannedAssessment {
	/** Months before `now`: when a final one was finalised, or an open one created. */
	monthsAgo: number;
	state: 'final' | 'in_review' | 'draft';
	/** Share of questions answered; a draft answers them in order, others leave gaps anywhere. */
	coverage: number;
	/** Knock-out questions this assessment fails (ids of the version it is on: 1.0.0 before a year ago); every other knock-out is answered at a passing level. */
	knockouts: string[];
	/** Answer to response.last-incident. */
	lastIncident: string;
	/** Answer to governance.programme-owner when it differed from the profile's. */
	programmeOwner?: string;
}

export interface PlatformProfile {
	platform: PlatformInput;
	/** How analysts refer to it in notes. */
	short: string;
	/** Maturity per section at the latest assessment, 0–1. */
	maturity: Record<SectionId, number>;
	trajectory: Trajectory;
	/** Optional questions that do not apply to this platform, with the analyst's note saying why. */
	notApplicable: Partial<Record<string, string>>;
	/** Names used in notes: "walked through it with {treasury}". */
	people: { security: string; people: string; treasury: string; engineering: string };
	/** How keys are held, as a noun phrase: "the Safe multisig". */
	signing: string;
	programmeOwner: string;
	/** Oldest first. */
	assessments: PlannedAssessment[];
}

const QUIET = 'No security incident in the period. Two phishing attempts against finance staff were reported through the internal channel and blocked; no credentials were entered.';

export const PROFILES: PlatformProfile[] = [
	{
		platform: {
			name: 'Northwind Digital Exchange',
			kind: 'exchange',
			status: 'approved',
			jurisdictions: ['Switzerland', 'EU (MiCA)', 'Singapore'],
			tags: ['tier-1', 'spot', 'perps', 'multisig'],
			website: 'https://northwind-exchange.example',
			description:
				'Spot and perpetuals exchange headquartered in Zug, with a MiCA licence through its Dublin subsidiary and a Singapore entity for Asian clients. About 420 staff, a third of them engineers, most working from offices in Zug and Lisbon. Customer assets sit in geographically split cold storage behind a Safe multisig with hardware signers; the hot wallet is HSM-backed and capped at 2% of assets. The counterintelligence programme was built out over the last two years and is now the strongest in the portfolio.'
		},
		short: 'Northwind',
		maturity: { governance: 0.92, hiring: 0.93, insider: 0.9, keys: 0.95, social: 0.92, 'supply-chain': 0.9, response: 0.93 },
		trajectory: { kind: 'improving', perYear: 0.11 },
		notApplicable: {
			'keys.durable-nonce': 'Northwind has no Solana wallets or programs; customer assets are on EVM chains and Bitcoin, confirmed against the wallet inventory.'
		},
		people: {
			security: 'Ingrid Solberg (CISO)',
			people: 'Marcus Oyelaran (head of people)',
			treasury: 'Daniel Achterberg (head of treasury)',
			engineering: 'Keiko Tanabe (VP engineering)'
		},
		signing: 'the Safe multisig',
		programmeOwner:
			'Ingrid Solberg, CISO, reporting to the CEO with a standing slot at the audit committee. The insider-threat and counterintelligence team has five people: a lead investigator (ex-law enforcement), two analysts, an HR liaison and a detection engineer shared with the SOC.',
		assessments: [
			{
				monthsAgo: 28,
				state: 'final',
				coverage: 0.88,
				knockouts: ['hiring.live-interview'],
				lastIncident: QUIET,
				programmeOwner:
					'The CISO owns insider risk alongside everything else; one security engineer spends about half her time on it. A dedicated programme is budgeted for next year.'
			},
			{
				monthsAgo: 16,
				state: 'final',
				coverage: 0.95,
				knockouts: [],
				lastIncident:
					'A candidate for a backend role was found mid-process using a face-swap overlay; the liveness step caught it and the case went to law enforcement. The identity checklist and interviewer training were updated within two weeks.',
				programmeOwner:
					'Ingrid Solberg, CISO, with a newly hired insider-threat lead and one analyst. Reports to the CEO; the audit committee receives a yearly report.'
			},
			{
				monthsAgo: 4,
				state: 'final',
				coverage: 1,
				knockouts: [],
				lastIncident:
					'A senior engineer received a recruiter approach with a take-home repository that contained an obfuscated post-install script. He opened it in the disposable sandbox as policy requires; the script was reported to the npm security team and the indicators shared with industry peers within a day.'
			}
		]
	},
	{
		platform: {
			name: 'Halcyon Custody',
			kind: 'custodian',
			status: 'approved',
			jurisdictions: ['Switzerland', 'United States', 'Cayman Islands'],
			tags: ['qualified custodian', 'MPC', 'cold storage', 'staking', 'Solana'],
			website: 'https://halcyon-custody.example',
			description:
				'Institutional custodian serving funds and family offices, regulated as a trust company in the United States and as a securities firm in Switzerland. Keys are held as MPC shares split across three data centres and two hardware-security-module vendors, with a policy engine that enforces approval quorums per client. Offers staking for Solana and Ethereum from segregated validators. Consistently strong on key management; its reassessment is due within weeks and has been started.'
		},
		short: 'Halcyon',
		maturity: { governance: 0.88, hiring: 0.9, insider: 0.88, keys: 0.95, social: 0.86, 'supply-chain': 0.82, response: 0.9 },
		trajectory: { kind: 'flat' },
		notApplicable: {
			'insider.outsourced-support': 'Not applicable: Halcyon serves about 140 institutional clients through named relationship managers; there is no outsourced support desk.',
			'hiring.agency-vetting': 'Halcyon uses no staffing agencies or dev shops; every engineer is a direct employee. Confirmed against the vendor list.',
			'keys.threshold-timelock': 'All of Halcyon’s keys are MPC shares under the policy engine; there are no on-chain multisig wallets or contract admin roles. Confirmed with {treasury}.'
		},
		people: {
			security: 'Tomasz Wierzbicki (chief security officer)',
			people: 'Lena Hartvig (people operations director)',
			treasury: 'Samuel Adeyemi (head of custody operations)',
			engineering: 'Rosa Villanueva (CTO)'
		},
		signing: 'the MPC policy engine',
		programmeOwner:
			'Tomasz Wierzbicki, chief security officer, reporting to the CEO and to the risk committee of the board. Insider risk sits with a three-person team inside security, working with a named HR partner and the general counsel.',
		assessments: [
			{
				monthsAgo: 25,
				state: 'final',
				coverage: 0.93,
				knockouts: [],
				lastIncident:
					'A former operations contractor kept access to a reporting dashboard for nine days after leaving because his account lived outside the identity provider. No client data was exported. All tools were moved behind single sign-on and leaver revocation is now checked automatically.'
			},
			{
				monthsAgo: 11,
				state: 'final',
				coverage: 0.98,
				knockouts: [],
				lastIncident: QUIET
			},
			{
				monthsAgo: 0.6,
				state: 'draft',
				coverage: 0.42,
				knockouts: [],
				lastIncident: QUIET
			}
		]
	},
	{
		platform: {
			name: 'Meridian Perps Protocol',
			kind: 'defi',
			status: 'monitoring',
			jurisdictions: ['Cayman Islands'],
			tags: ['perps', 'Solana', 'security council', 'DAO'],
			website: 'https://meridian-perps.example',
			description:
				'Perpetual-futures protocol on Solana governed by a Cayman foundation and a five-member security council that holds upgrade authority through a 3-of-5 multisig. About 35 core contributors, many pseudonymous, spread over eleven countries; the web front end is built by an outside dev shop. Strong on-chain design, but a front-end compromise five months ago exposed how far publishing rights and hiring checks had drifted as the team grew, and the latest assessment is markedly weaker.'
		},
		short: 'Meridian',
		maturity: { governance: 0.6, hiring: 0.42, insider: 0.5, keys: 0.7, social: 0.6, 'supply-chain': 0.48, response: 0.72 },
		trajectory: { kind: 'declining', incidentMonthsAgo: 5, drop: 0.2 },
		notApplicable: {
			'insider.outsourced-support': 'No customer-support function: Meridian’s Discord is run by community moderators with no access to user data or admin tools.',
			'hiring.fingerprinting': 'Meridian’s contributors are contractors in eleven countries; the foundation’s counsel advised there is no lawful route to fingerprint checks in most of them. Treated as a gap under background checks instead.'
		},
		people: {
			security: 'Ravi Chandrasekar (security lead)',
			people: 'Joanna Pike (foundation operations)',
			treasury: 'Ellis Montrose (security-council coordinator)',
			engineering: 'Hugo Lindqvist (lead protocol engineer)'
		},
		signing: 'the Squads security-council multisig',
		programmeOwner:
			'Ravi Chandrasekar, security lead, contracted by the foundation and reporting to the foundation council. No dedicated insider-threat staff; one contractor helps with monitoring part-time.',
		assessments: [
			{ monthsAgo: 27, state: 'final', coverage: 0.9, knockouts: [], lastIncident: QUIET },
			{
				monthsAgo: 15,
				state: 'final',
				coverage: 0.96,
				knockouts: [],
				lastIncident:
					'A fake market-making firm asked to integrate and offered a pilot deposit. The foundation checked the firm through a mutual investor, found the named principals did not exist, and stopped contact. Indicators were shared with two other Solana teams.'
			},
			{
				monthsAgo: 3,
				state: 'final',
				coverage: 1,
				knockouts: ['hiring.in-person-id', 'supply-chain.publish-control'],
				lastIncident:
					'Five months ago a front-end contributor opened a repository shared by a supposed integration partner; it ran code on folder open and stole his deployment token. A tampered front-end build was live for 38 minutes before the integrity monitor paged the on-call engineer. Protocol funds were untouched, but about $1.9M of user funds were drained through malicious approvals. The contributor had never been identity-checked in person and held production publish rights.'
			}
		]
	},
	{
		platform: {
			name: 'Tessellate Market Making',
			kind: 'market_maker',
			status: 'under_review',
			jurisdictions: ['Singapore', 'United Arab Emirates', 'British Virgin Islands'],
			tags: ['market maker', 'OTC', 'delta-neutral', 'MPC'],
			website: '',
			description:
				'Proprietary market maker quoting on about thirty centralised venues and a handful of on-chain order books, with an OTC desk in Dubai. Roughly 60 staff; the trading-infrastructure team is partly supplied by a contractor in Eastern Europe. Exchange sub-account keys and treasury sit in an MPC wallet with a 3-of-5 Safe for on-chain treasury. Improving, but access revocation for departing traders and contractors remains slow, which keeps the latest assessment capped.'
		},
		short: 'Tessellate',
		maturity: { governance: 0.72, hiring: 0.64, insider: 0.58, keys: 0.76, social: 0.7, 'supply-chain': 0.66, response: 0.68 },
		trajectory: { kind: 'improving', perYear: 0.06 },
		notApplicable: {
			'keys.durable-nonce': 'Tessellate holds no SOL and deploys no Solana programs; its on-chain trading is on EVM order books. To re-check if that changes.',
			'insider.outsourced-support': 'Not applicable: Tessellate has no retail customers; counterparties deal with the OTC desk directly.'
		},
		people: {
			security: 'Wei Jie Koh (head of infrastructure security)',
			people: 'Amira Haddad (HR manager)',
			treasury: 'Jonas Brandt (COO)',
			engineering: 'Petra Novak (head of trading technology)'
		},
		signing: 'the MPC wallet and treasury Safe',
		programmeOwner:
			'Jonas Brandt, COO, owns insider risk; day-to-day work sits with Wei Jie Koh, head of infrastructure security, and one analyst. Reporting goes to the partners’ meeting.',
		assessments: [
			{
				monthsAgo: 20,
				state: 'final',
				coverage: 0.89,
				knockouts: ['insider.revoke-hours', 'keys.keyholder-vetting', 'hiring.live-interview'],
				lastIncident:
					'A departing trader’s exchange API keys stayed active for four days after his last day; the venue’s own alerting flagged logins from a new country. No trades were placed. The firm now rotates API keys on every exit.'
			},
			{
				monthsAgo: 8,
				state: 'final',
				coverage: 0.97,
				knockouts: ['insider.revoke-hours', 'hiring.live-interview'],
				lastIncident:
					'An engineer supplied by the outsourcing partner was found logging in from a residential proxy while declaring himself in Warsaw. The partner could not produce his identity file. He was removed within two days and the partner’s other five engineers were re-verified on camera.'
			}
		]
	},
	{
		platform: {
			name: 'Lumen Wallet',
			kind: 'wallet',
			status: 'approved',
			jurisdictions: ['EU (MiCA)', 'United Kingdom'],
			tags: ['self-custody', 'mobile', 'browser extension', 'EVM'],
			website: 'https://lumen-wallet.example',
			description:
				'Self-custody wallet for mobile and desktop browsers with about 2.4 million monthly users, built by a 90-person company in Tallinn and London. Lumen never holds user keys, so the risk lies in its release pipeline: a poisoned app update or extension release would reach every user. Fee revenue and the fee-router contract are controlled by a treasury Safe. The firm has moved steadily from ad hoc practices to a defined programme over three assessments.'
		},
		short: 'Lumen',
		maturity: { governance: 0.8, hiring: 0.82, insider: 0.76, keys: 0.82, social: 0.8, 'supply-chain': 0.85, response: 0.74 },
		trajectory: { kind: 'improving', perYear: 0.14 },
		notApplicable: {
			'keys.durable-nonce': 'Lumen supports EVM chains only and holds no Solana keys or program authority.',
			'hiring.fingerprinting': 'Lumen’s privileged staff are in Estonia and the UK, where counsel advised fingerprint-based checks are not available to a private employer for these roles; memo on file. Criminal-record extracts are used instead.',
			'hiring.agency-vetting': 'Lumen uses no staffing agencies or dev shops; all staff are direct hires. Confirmed against the vendor list.'
		},
		people: {
			security: 'Kadri Tamm (head of security)',
			people: 'Oliver Breckland (head of talent)',
			treasury: 'Maarja Saar (finance director)',
			engineering: 'Nikolai Ivask (head of mobile and extension releases)'
		},
		signing: 'the treasury Safe',
		programmeOwner:
			'Kadri Tamm, head of security, reporting to the CTO with a quarterly slot at the board. One insider-risk analyst and a release-security engineer; HR checks are run by the talent team to security’s checklist.',
		assessments: [
			{
				monthsAgo: 30,
				state: 'final',
				coverage: 0.86,
				knockouts: ['hiring.in-person-id', 'supply-chain.publish-rights', 'insider.endpoint-lockdown'],
				lastIncident: 'None reported. The team could not say how it would know of an insider incident, which we noted under governance.',
				programmeOwner: 'No named owner. The CTO said insider risk is “everyone’s job”; security is two engineers focused on the product.'
			},
			{
				monthsAgo: 18,
				state: 'final',
				coverage: 0.93,
				knockouts: ['supply-chain.publish-rights'],
				lastIncident:
					'A browser-extension build was briefly signed with a developer’s personal key during a store-account migration. Nothing malicious was shipped, but it showed that store publishing rights were held by five people, two never met in person.',
				programmeOwner: 'Kadri Tamm, newly appointed head of security, owns the programme; no dedicated staff yet.'
			},
			{
				monthsAgo: 7,
				state: 'final',
				coverage: 0.98,
				knockouts: [],
				lastIncident:
					'The outsourced support provider detected an agent searching for high-balance users by wallet label. The agent was removed, look-ups were rate-limited, and support tooling now shows truncated addresses only.'
			}
		]
	},
	{
		platform: {
			name: 'Bastion Prime Brokerage',
			kind: 'other',
			status: 'monitoring',
			jurisdictions: ['United States', 'United Kingdom'],
			tags: ['prime brokerage', 'credit', 'tri-party custody', 'multisig'],
			website: 'https://bastion-prime.example',
			description:
				'Crypto prime broker offering financing, cross-venue settlement and tri-party custody arrangements to hedge funds, with about 150 staff in New York and London. Client collateral sits with third-party custodians, but Bastion runs its own settlement wallets behind a 4-of-7 Safe and a warm MPC wallet. Solid and steady controls; its annual reassessment is overdue and the relationship is on watch until it is done.'
		},
		short: 'Bastion',
		maturity: { governance: 0.76, hiring: 0.74, insider: 0.72, keys: 0.8, social: 0.7, 'supply-chain': 0.66, response: 0.74 },
		trajectory: { kind: 'flat' },
		notApplicable: {
			'keys.durable-nonce': 'Bastion settles on Ethereum and Bitcoin only; no Solana wallets or programs.'
		},
		people: {
			security: 'Dana Whitcombe (CISO)',
			people: 'Gareth Lowry (head of HR)',
			treasury: 'Priscilla Monroe (head of settlement)',
			engineering: 'Anand Kulkarni (head of engineering)'
		},
		signing: 'the settlement Safe',
		programmeOwner:
			'Dana Whitcombe, CISO, reporting to the CFO; insider risk is one of five pillars of the security programme, staffed by two people who also run vendor risk.',
		assessments: [
			{
				monthsAgo: 25,
				state: 'final',
				coverage: 0.91,
				knockouts: ['hiring.payroll-name-match'],
				lastIncident:
					'A contractor asked payroll to switch his payments to an account held by a “family member” abroad. Payroll did it without checking. The contractor later turned out to have sub-let the work; the engagement was ended and payroll controls reviewed.'
			},
			{ monthsAgo: 12.5, state: 'final', coverage: 0.95, knockouts: [], lastIncident: QUIET }
		]
	},
	{
		platform: {
			name: 'Kestrel Markets',
			kind: 'exchange',
			status: 'rejected',
			jurisdictions: ['Seychelles', 'Hong Kong'],
			tags: ['offshore', 'derivatives', 'high leverage', 'Solana'],
			website: 'https://kestrel-markets.example',
			description:
				'Offshore derivatives exchange offering up to 100x leverage, registered in the Seychelles with an operations team in Hong Kong and engineering largely done by remote contractors hired through freelance platforms. Hot and cold wallets are managed by a small group of founders. The single assessment found basic hiring, endpoint and signing controls missing; the investment committee rejected the platform and will not revisit it within a year.'
		},
		short: 'Kestrel',
		maturity: { governance: 0.3, hiring: 0.22, insider: 0.25, keys: 0.38, social: 0.25, 'supply-chain': 0.3, response: 0.28 },
		trajectory: { kind: 'flat' },
		notApplicable: {},
		people: {
			security: 'Victor Lam (CTO, who also covers security)',
			people: 'Serena Moss (office manager, who runs hiring)',
			treasury: 'Leon Marchetti (co-founder)',
			engineering: 'Victor Lam (CTO)'
		},
		signing: 'the founders’ hardware wallets',
		programmeOwner: 'No owner. The CTO described security as “handled by the engineering team”; nobody spends dedicated time on insider risk.',
		assessments: [
			{
				monthsAgo: 7,
				state: 'final',
				coverage: 0.9,
				knockouts: [
					'governance.ofac-screening',
					'hiring.live-interview',
					'hiring.in-person-id',
					'hiring.device-shipping',
					'insider.remote-access-tools',
					'insider.revoke-hours',
					'keys.signing-environment',
					'social.verify-what-is-signed',
					'supply-chain.publish-control',
					'response.signer-alerting'
				],
				lastIncident:
					'The team said there were none. Public reports describe a hot-wallet outage and unexplained withdrawals fourteen months ago; the CTO called it “a node issue” and would not share a post-mortem.'
			}
		]
	},
	{
		platform: {
			name: 'Fernhill Restaking Protocol',
			kind: 'defi',
			status: 'prospect',
			jurisdictions: ['Switzerland', 'EU (MiCA)'],
			tags: ['restaking', 'EVM', 'early-stage'],
			website: 'https://fernhill.example',
			description:
				'Early-stage restaking protocol on Ethereum, launched eighteen months ago, run by a Swiss foundation and a 22-person development company. Contracts have two audits and an active bug bounty; operational security is less developed, with upgrade authority held by a 4-of-7 Safe whose signers include two outside advisers. First assessment submitted for review; the committee has not yet decided.'
		},
		short: 'Fernhill',
		maturity: { governance: 0.55, hiring: 0.5, insider: 0.52, keys: 0.66, social: 0.56, 'supply-chain': 0.6, response: 0.5 },
		trajectory: { kind: 'flat' },
		notApplicable: {
			'keys.durable-nonce': 'Fernhill runs on Ethereum only; no Solana exposure.',
			'insider.outsourced-support': 'No support desk: Fernhill users get help in a public forum moderated by the foundation, and moderators have no access to user data.',
			'hiring.fingerprinting': 'Fernhill’s team is in Switzerland and the EU, where fingerprint-based checks are not available to private employers; counsel confirmed in writing.'
		},
		people: {
			security: 'Matthias Keller (security engineer)',
			people: 'Sofia Brunner (operations lead)',
			treasury: 'Matthias Keller (signer coordinator)',
			engineering: 'Yannick Roth (CTO)'
		},
		signing: 'the upgrade Safe',
		programmeOwner: 'Yannick Roth, CTO, with one security engineer. There is no written charter; the foundation board is briefed informally.',
		assessments: [
			{
				monthsAgo: 0.8,
				state: 'in_review',
				coverage: 0.9,
				knockouts: ['hiring.in-person-id', 'response.signer-alerting'],
				lastIncident: 'No incidents reported since launch. A bug-bounty report on a rounding error was fixed before deployment.'
			}
		]
	},
	// Five more with a single recent final assessment each, so the demo has the
	// twelve comparable platforms a committee compares at most.
	{
		platform: {
			name: 'Quarry Lane OTC',
			kind: 'market_maker',
			status: 'approved',
			jurisdictions: ['United Kingdom', 'Singapore'],
			tags: ['OTC', 'block trades', 'multisig'],
			website: 'https://quarrylane.example',
			description:
				'OTC desk and liquidity provider for funds and treasuries, with 60 staff in London and Singapore. Settlement runs through a 3-of-5 multisig whose signers sit in two offices; the desk hires traders through referrals and engineers through an agency that runs its own identity checks.'
		},
		short: 'Quarry Lane',
		maturity: { governance: 0.78, hiring: 0.7, insider: 0.74, keys: 0.82, social: 0.72, 'supply-chain': 0.66, response: 0.75 },
		trajectory: { kind: 'flat' },
		notApplicable: {},
		people: {
			security: 'Harriet Vance (head of security)',
			people: 'Omar Reyes (people partner)',
			treasury: 'Celia Marsh (settlement lead)',
			engineering: 'Tobias Lund (head of engineering)'
		},
		signing: 'the settlement multisig',
		programmeOwner: 'Harriet Vance, head of security, reporting to the COO; insider risk is one of her four standing programmes.',
		assessments: [{ monthsAgo: 3, state: 'final', coverage: 0.94, knockouts: [], lastIncident: QUIET }]
	},
	{
		platform: {
			name: 'Solent Vault',
			kind: 'custodian',
			status: 'under_review',
			jurisdictions: ['Jersey', 'United Kingdom'],
			tags: ['cold storage', 'HSM', 'segregated accounts'],
			website: 'https://solentvault.example',
			description:
				'Custodian for family offices and small funds, regulated in Jersey, holding client assets in HSM-backed cold storage in two vaults. Forty staff, mostly operations; engineering is a small in-house team with one outside contractor for the client portal.'
		},
		short: 'Solent',
		maturity: { governance: 0.7, hiring: 0.62, insider: 0.66, keys: 0.86, social: 0.6, 'supply-chain': 0.58, response: 0.64 },
		trajectory: { kind: 'flat' },
		notApplicable: {},
		people: {
			security: 'Gwen Harrow (CISO)',
			people: 'Rupert Ilesanmi (HR manager)',
			treasury: 'Anika Shah (vault operations)',
			engineering: 'Piotr Nowak (lead engineer)'
		},
		signing: 'the vault HSM quorum',
		programmeOwner: 'Gwen Harrow, CISO, part-time on insider risk; the board risk committee reviews it twice a year.',
		assessments: [{ monthsAgo: 2, state: 'final', coverage: 0.92, knockouts: ['hiring.device-shipping'], lastIncident: QUIET }]
	},
	{
		platform: {
			name: 'Tidewater Lending',
			kind: 'defi',
			status: 'monitoring',
			jurisdictions: ['Cayman Islands'],
			tags: ['lending', 'EVM', 'governance token'],
			website: 'https://tidewater.example',
			description:
				'Over-collateralised lending protocol on Ethereum and two rollups, governed by token holders with a 5-of-9 security council for emergency pauses. The core team of 30 works remotely; contracts have three audits and a formal verification of the liquidation engine.'
		},
		short: 'Tidewater',
		maturity: { governance: 0.6, hiring: 0.48, insider: 0.55, keys: 0.72, social: 0.58, 'supply-chain': 0.7, response: 0.62 },
		trajectory: { kind: 'flat' },
		notApplicable: {},
		people: {
			security: 'Ruth Okafor (security lead)',
			people: 'Dana Whitlock (operations)',
			treasury: 'Ruth Okafor (council coordinator)',
			engineering: 'Elias Brandt (protocol lead)'
		},
		signing: 'the security council Safe',
		programmeOwner: 'Ruth Okafor, security lead, with one engineer; the security council receives a quarterly report.',
		assessments: [{ monthsAgo: 5, state: 'final', coverage: 0.9, knockouts: ['hiring.in-person-id'], lastIncident: QUIET }]
	},
	{
		platform: {
			name: 'Harbourline Exchange',
			kind: 'exchange',
			status: 'prospect',
			jurisdictions: ['Canada', 'EU (MiCA)'],
			tags: ['spot', 'retail', 'fiat on-ramp'],
			website: 'https://harbourline.example',
			description:
				'Retail spot exchange with a Canadian registration and a MiCA licence pending, 180 staff across Toronto and Vilnius. Custody is outsourced to a qualified custodian; the exchange holds a hot wallet for withdrawals under an MPC scheme.'
		},
		short: 'Harbourline',
		maturity: { governance: 0.66, hiring: 0.74, insider: 0.6, keys: 0.68, social: 0.7, 'supply-chain': 0.62, response: 0.58 },
		trajectory: { kind: 'flat' },
		notApplicable: {},
		people: {
			security: 'Mireille Gagnon (CISO)',
			people: 'Jonas Petrauskas (talent lead)',
			treasury: 'Kai Lindqvist (treasury manager)',
			engineering: 'Naomi Feld (CTO)'
		},
		signing: 'the MPC hot wallet',
		programmeOwner: 'Mireille Gagnon, CISO, with an insider-risk analyst shared with fraud; reports to the CEO monthly.',
		assessments: [{ monthsAgo: 1.5, state: 'final', coverage: 0.93, knockouts: [], lastIncident: QUIET }]
	},
	{
		platform: {
			name: 'Cobalt Key Wallet',
			kind: 'wallet',
			status: 'monitoring',
			jurisdictions: ['Estonia'],
			tags: ['self-custody', 'mobile', 'browser extension'],
			website: 'https://cobaltkey.example',
			description:
				'Self-custody mobile wallet and browser extension with two million installs, built by 45 people in Tallinn and remotely. Releases are signed by two maintainers; the extension ships through the browser stores after an internal review.'
		},
		short: 'Cobalt',
		maturity: { governance: 0.5, hiring: 0.44, insider: 0.48, keys: 0.6, social: 0.52, 'supply-chain': 0.46, response: 0.5 },
		trajectory: { kind: 'flat' },
		notApplicable: {},
		people: {
			security: 'Lauri Tamm (security engineer)',
			people: 'Kadri Kask (people operations)',
			treasury: 'Lauri Tamm (release signer)',
			engineering: 'Marta Vaher (head of engineering)'
		},
		signing: 'the release-signing keys',
		programmeOwner: 'Marta Vaher, head of engineering, with one security engineer; no written insider-risk programme yet.',
		assessments: [{ monthsAgo: 6, state: 'final', coverage: 0.9, knockouts: ['supply-chain.publish-control'], lastIncident: QUIET }]
	}
];
