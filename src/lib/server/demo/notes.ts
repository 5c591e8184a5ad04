// Analyst notes for the demo answers: a bank per question (by answer value or
// quality) and a fallback bank per section, filled with the platform's people
// and dates. A platform never gets the same template twice, and no two
// notes in the portfolio are identical.
import type { AnswerValue } from '../../scoring/index';
import type { Random } from '../../scoring/prng';
import type { PlatformProfile } from './profiles';

export type Quality = 'good' | 'partial' | 'poor';

export function qualityOf(r: number): Quality {
	return r >= 0.75 ? 'good' : r >= 0.4 ? 'partial' : 'poor';
}

/** What the seed has written so far, so that notes do not repeat. */
export interface NoteMemory {
	/** Templates this platform has used. */
	platform: Set<string>;
	/** Uses of each template across the portfolio. */
	uses: Map<string, number>;
	/** Every note text written. */
	texts: Set<string>;
}

export interface NoteRequest {
	profile: PlatformProfile;
	at: number;
	previous: { at: number } | null;
	rng: Random;
	memory: NoteMemory;
	questionId: string;
	section: string;
	quality: Quality;
	value: AnswerValue | null;
	/** Options chosen, for multi_choice. */
	count: number;
	/** r now minus r at the previous assessment. */
	change: number;
	critical?: boolean;
}

/** Analysts write more where something is missing, changed or decisive. */
function noteChance(req: NoteRequest): number {
	if (req.previous && Math.abs(req.change) >= 0.35) return 0.75;
	if (req.critical) return req.quality === 'good' ? 0.3 : 0.85;
	return { good: 0.2, partial: 0.35, poor: 0.45 }[req.quality];
}

export function noteFor(req: NoteRequest): string | null {
	if (req.rng.uniform() >= noteChance(req)) return null;
	const { memory, rng } = req;
	const own = QUESTION_NOTES[req.questionId];
	const banks = [typeof req.value === 'string' ? own?.[req.value] : undefined, own?.[req.quality], SECTION_NOTES[req.section]?.[req.quality]];
	for (const bank of banks) {
		const fresh = (bank ?? []).filter((t) => !memory.platform.has(t));
		if (!fresh.length) continue;
		const fewest = Math.min(...fresh.map((t) => memory.uses.get(t) ?? 0));
		const template = pick(rng, fresh.filter((t) => (memory.uses.get(t) ?? 0) === fewest));
		let text = fillNote(template, req);
		if (req.previous && Math.abs(req.change) >= 0.35) {
			text = `${req.change > 0 ? 'Improved' : 'Weaker'} since our ${monthYear(req.previous.at)} review. ${text}`;
		}
		// A second platform with the same finding gets its own closing remark, so no two notes read alike.
		if (fewest > 0 || memory.texts.has(text) || rng.uniform() < 0.3) {
			const tries = shuffle(rng, CLAUSES[req.quality]).map((c) => `${text} ${fillNote(c, req)}`);
			const unseen = tries.find((t) => !memory.texts.has(t));
			if (!unseen) return null;
			text = unseen;
		}
		memory.platform.add(template);
		memory.uses.set(template, fewest + 1);
		memory.texts.add(text);
		return text;
	}
	return null;
}

const pick = <T>(rng: Random, xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];

function shuffle<T>(rng: Random, xs: readonly T[]): T[] {
	const out = [...xs];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rng.uniform() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthYear(ms: number): string {
	const d = new Date(ms);
	return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

type FillRequest = Pick<NoteRequest, 'profile' | 'at' | 'rng' | 'section' | 'value' | 'count'>;

/** A whole number from lo to hi, drawn from the note's stream. */
const int = (rng: Random, lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));

// The placeholders a note template may use, built once: a fresh object of
// fifteen closures for every note was a large share of the demo generator's
// time. A field draws from the stream only when its placeholder occurs, in order.
const FIELDS: Record<string, (req: FillRequest) => string> = {
	short: ({ profile }) => profile.short,
	security: ({ profile }) => profile.people.security,
	people: ({ profile }) => profile.people.people,
	treasury: ({ profile }) => profile.people.treasury,
	engineering: ({ profile }) => profile.people.engineering,
	owner: ({ profile, section }) => profile.people[OWNER[section] ?? 'security'],
	signing: ({ profile }) => profile.signing,
	month: ({ at }) => monthYear(at),
	prior: ({ at, rng }) => monthYear(at - int(rng, 2, 5) * 30 * 86_400_000),
	year: ({ at }) => String(new Date(at).getUTCFullYear()),
	n: ({ rng }) => String(int(rng, 2, 5)),
	k: ({ rng }) => String(int(rng, 0, 9)),
	m: ({ rng }) => String(int(rng, 6, 14)),
	value: ({ value }) => String(value),
	count: ({ count }) => String(count)
};

/** A note template with the platform's people, dates and the answer filled in. */
export function fillNote(template: string, req: FillRequest): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => FIELDS[key]?.(req) ?? whole);
}

/** Whom the analyst deals with on each section. */
const OWNER: Record<string, keyof PlatformProfile['people']> = {
	hiring: 'people',
	keys: 'treasury',
	social: 'treasury',
	'supply-chain': 'engineering'
};

/**
 * A closing remark in the analyst's voice, so that two platforms with the same
 * finding read differently. Neutral about evidence: the assurance level says that.
 */
const CLAUSES: Record<Quality, string[]> = {
	good: [
		'Walked through it with {owner} in {month}.',
		'Consistent with what {owner} showed us on site.',
		'No exceptions found in the period we reviewed.',
		'{owner} answered our follow-up questions without hesitation; the control is well understood.',
		'Re-checked against the records from {prior}; still holds.'
	],
	partial: [
		'{owner} expects to close the gap before the next review.',
		'Remediation is on the {year} roadmap but has no owner yet.',
		'A reasonable start; we will re-test at the next review.',
		'Discussed with {owner}, who agreed the gap matters.',
		'Recorded as a recommendation in our {month} report.'
	],
	poor: [
		'Confirmed as missing with {owner}.',
		'Raised with {owner} as a finding; no remediation date yet.',
		'Logged as a finding in our {month} report to the committee.',
		'{owner} accepted the finding and promised a plan within a quarter.'
	]
};

type Bank = Partial<Record<string, string[]>>;

const QUESTION_NOTES: Record<string, Bank> = {
	// ---- governance
	'governance.programme-maturity': {
		good: [
			'Programme charter and the last four quarterly metric packs reviewed with {security}: vetting exceptions, revocation times and drill results are tracked against targets.',
			'{security} walked us through the quarterly programme review; metrics go to the risk committee and an outside firm reviewed the programme in {prior}.'
		],
		partial: [
			'A charter names {security} as owner, but HR and engineering still follow their own procedures and no metrics are collected yet.',
			'Documented programme with a budget line, but it started recently; we saw no evidence of it operating for more than a quarter.'
		],
		poor: [
			'No programme as such. Incidents are handled by whoever notices; {security} agreed this is the main gap.',
			'Asked for a charter or procedures; none exist. Insider risk was treated as an HR matter until we raised it.'
		]
	},
	'governance.threat-model': {
		good: [
			'Threat model reviewed (last revised {prior}); it has named scenarios for fake remote hires, laptop farms and social engineering of signers.',
			'The threat model was updated after the latest FBI advisory; its change log shows each revision and what triggered it.'
		],
		stale: ['State actors are covered, but the document was last revised well over a year ago and predates the recent signer-compromise incidents.'],
		generic: ['Only a generic ISO-style risk register; DPRK or other state actors are not mentioned anywhere in it.'],
		none: ['No written threat model. {security} described the risks convincingly in interview, but nothing is on paper.']
	},
	'governance.ofac-screening': {
		good: [
			'Screening runs in the payroll and payables systems before first payment and nightly on list updates; all {m} payees added in {month} showed a screening record.',
			'Saw the screening configuration and a re-screening alert from {prior} that was cleared with documented reasoning by compliance.'
		],
		partial: [
			'Employees and vendors are screened, but contractors paid through the freelance platform are not; {short} relies on the platform’s own checks.',
			'Screening at onboarding only; nobody re-screens payees when the lists change.'
		],
		poor: [
			'No sanctions screening of payees. Contractors are paid in USDT to addresses they supply themselves.',
			'Finance believed the bank screens every payment and saw no need for checks of its own; crypto payouts bypass the bank entirely.'
		]
	},
	'governance.counterparty-vetting': {
		good: [
			'Vetting files for the last {n} trading-firm integrations reviewed: each includes a call placed through a number found independently and a check with a mutual contact.',
			'New counterparties cannot deposit above a set threshold until compliance and security both sign off; principals are verified in person or through a known intermediary.'
		],
		partial: ['Compliance runs KYB on the entity, but nobody checks that the people the team actually talks to work for it; identity is taken from the firm’s own emails.'],
		poor: ['Partners are onboarded by business development on trust; a market-making firm met at a conference was integrated within a week last year.']
	},
	'governance.advisory-days': {
		good: ['Advisory log shows the last three FBI and CISA notices reviewed within {value} days, each linked to tickets for the control changes.'],
		partial: ['Typically about {value} days: advisories are read promptly by security, but the control changes wait for another team’s sprint.'],
		poor: ['No tracking of advisories. {security} estimated {value} days or more; two recent ones had not been reviewed at all.']
	},
	'governance.critical-assets': {
		good: ['Asset register with named owners reviewed; it includes signing keys, admin roles and repositories, and was reconciled against live configuration in {prior}.'],
		partial: ['The inventory covers infrastructure and repositories but not admin roles or key shares; about a third of entries have no owner.'],
		poor: ['No inventory. {engineering} could not say how many admin roles exist on the production contracts without checking.']
	},
	'governance.board-reporting': {
		good: ['Saw the last two board packs: a dedicated page on insider and state-actor risk with metrics and open findings.'],
		partial: ['Reported once a year inside the general risk report, without metrics.'],
		poor: ['Not reported to the board; the founders consider themselves informed because they sit on it.']
	},
	'governance.independent-review': {
		good: ['External review by a specialist firm in {prior}; the findings tracker shows {m} items, all but {n} closed.'],
		partial: ['The external review was within two years but focused on infrastructure; tracking of its findings lapsed.'],
		poor: ['Only smart-contract audits. Nobody outside has looked at hiring, signing operations or insider controls.']
	},
	// ---- hiring
	'hiring.live-interview': {
		good: [
			'Interview guide requires the camera on throughout and a liveness routine (full head turn, hand across the face, ID held to the camera). Notes from two recent privileged-role interviews show it being done.',
			'Talent team trained on deepfake tells in {prior}; one candidate was stopped last year after failing the liveness step.'
		],
		partial: ['Camera on is the rule, but there is no liveness or deepfake step; interviewers had not heard of real-time face-swap tools.'],
		poor: [
			'Cameras are optional for engineering interviews; {people} said strong candidates often prefer audio only.',
			'Several contractors were hired after text-only chats on a freelance platform.'
		]
	},
	'hiring.in-person-id': {
		good: [
			'Every key holder and production engineer has an in-person ID check logged by an office manager or a notary; we sampled {n} records from {year}.',
			'Remote hires meet a local partner or notary who checks the original ID against the face before the laptop is released. Process and two completed forms reviewed.'
		],
		partial: ['In-person check for employees in the hubs, but remote contributors are checked only by a video call with the ID held to the camera.'],
		poor: [
			'No in-person check. Identity verification is a document upload to an online KYC vendor, and several people with production access have never been met.',
			'{people} confirmed that people with deploy rights include contributors known only by their handles.'
		]
	},
	'hiring.direct-references': {
		good: ['References are obtained through switchboard numbers and registrar offices that HR finds itself; saw {n} completed checks with the source of each contact noted.'],
		partial: ['Employers are verified directly for senior hires only; for everyone else HR calls the referees the candidate supplies.'],
		poor: ['HR could not show a single completed direct reference check for {year} hires; they rely on candidate-supplied referees.']
	},
	'hiring.background-tiers': {
		tiered: ['Checks tiered by role: enhanced checks through a licensed investigator for key holders, standard checks for everyone else. Policy and vendor contract reviewed.'],
		flat: ['The same standard check for everyone; key holders get nothing extra.'],
		'identity-only': ['Identity and right-to-work only; no criminal-record or employment-history checks.'],
		none: ['No background checks at all, including for contractors with production access.']
	},
	'hiring.fingerprinting': {
		good: ['Fingerprint-based checks for everyone with sensitive-system access where lawful; counsel’s memo lists the jurisdictions where it is not.'],
		partial: ['Fingerprinting for US staff only; privileged staff elsewhere get name-based checks even where fingerprinting would be lawful.'],
		poor: ['Not done anywhere, including in jurisdictions where it would be lawful.']
	},
	'hiring.device-shipping': {
		good: ['Laptops and security keys ship only to the address verified at onboarding; an address change triggers a camera call and fresh proof of address. MDM also flags first enrolment from an unexpected country.'],
		partial: ['Shipping goes to the verified address by default, but the IT helpdesk changes it on an email request without re-verifying.'],
		poor: [
			'Laptops are shipped wherever the new hire asks; two went to freight forwarders last year.',
			'No company laptops for contractors; they work on their own machines.'
		]
	},
	'hiring.payroll-name-match': {
		good: ['Payroll requires the account to be in the verified legal name; changes are confirmed by a call to the number on file. Tested {n} recent changes, all compliant.'],
		partial: ['Employees are checked, but contractors can be paid to any account or wallet they name.'],
		poor: ['Contractors are paid in stablecoins to addresses they supply; no name matching is possible.']
	},
	'hiring.osint-footprint': {
		good: ['A written checklist compares photos, locations and history across LinkedIn, GitHub and freelance sites; {m} escalations this year, two of which led to rejection.'],
		partial: ['Recruiters look at LinkedIn and GitHub for every technical hire, but there is no checklist and nothing is recorded.'],
		poor: ['Online profiles are not checked; hiring managers rely on the interview alone.']
	},
	'hiring.observed-test': {
		good: ['Coding tests are live pair sessions with the camera on; unobserved take-home tests were dropped in {prior}.'],
		partial: ['Live test in the final round only; the earlier take-home test is unobserved.'],
		poor: ['Take-home tests only, submitted by email.']
	},
	'hiring.agency-vetting': {
		good: ['The staffing contract requires vetting to {short}’s standard and grants audit rights; {short} exercised them in {prior} and saw the vetting files.'],
		partial: ['The contract requires background checks but gives no audit rights; {short} has never seen a vetting file.'],
		poor: ['No vetting clause in the dev-shop contract; the shop alone decides who works on the code.']
	},
	// ---- insider
	'insider.role-risk': {
		good: ['Every role in the HR system carries a risk tier that drives vetting, monitoring and exit steps; spot-checked {n} roles.'],
		partial: ['Key holders are designated, but other privileged roles (production admin, customer data) carry no tier.'],
		poor: ['No role risk designation; every employee goes through the same steps.']
	},
	'insider.endpoint-lockdown': {
		good: [
			'MDM report reviewed: no local admin on any managed device, remote-access tools blocked by application control with {n} approved exceptions.',
			'Observed a test: installing AnyDesk on a staff laptop was blocked and raised an alert in the SOC within a minute.'
		],
		partial: ['Local admin removed for most staff, but engineers keep it; remote-desktop tools are blocked only on finance laptops.'],
		poor: [
			'Engineers have local admin and install what they need; TeamViewer showed up on several machines in the inventory.',
			'No device management; contractors work on personal laptops.'
		]
	},
	'insider.monitoring-signals': {
		good: ['{count} of the six signals are monitored; saw the detection rules and two alerts from {prior} that were triaged and closed.'],
		partial: ['{count} signals covered, mostly identity-provider defaults that nobody has tuned.'],
		poor: ['Little monitoring beyond what the cloud provider enables by default; no alert has ever been investigated.']
	},
	'insider.live-reverification': {
		'twice-yearly-unannounced': ['Unannounced camera-on checks twice a year for privileged staff, run by security, with a record per person.'],
		yearly: ['A yearly camera-on check during the performance review; announced in advance.'],
		'on-suspicion': ['Only when a manager raises a concern; it has happened once.'],
		never: ['Never re-verified after hiring; {people} had not considered it.']
	},
	'insider.revoke-hours': {
		good: ['Leaver tickets for {n} recent privileged departures all closed within {value} hours, including key-share removal.'],
		partial: ['Up to {value} hours in the samples; rotating key shares waits for the next signing window.'],
		poor: [
			'Revocation took up to {value} hours in the samples we checked; exchange API keys and the shared password vault were the slowest.',
			'{value} hours at worst by their own estimate; contractors’ access is removed when someone remembers.'
		]
	},
	'insider.least-privilege': {
		good: ['Just-in-time admin access with automatic expiry; standing admin accounts are down to {n} and tracked monthly.'],
		partial: ['Named admin accounts and a yearly review, but engineers keep standing production access.'],
		poor: ['Shared admin credentials in a team vault; no access reviews.']
	},
	'insider.training': {
		good: ['{value}% completion in the learning-system export, contractors included; the module covers fake recruiters and signer pretexts.'],
		partial: ['{value}% completion; contractors are not enrolled.'],
		poor: ['{value}% completion, and the course is a generic phishing video.']
	},
	'insider.outsourced-support': {
		good: ['Support agents see masked customer data, look-ups are rate-limited and monitored, and the provider’s agents pass {short}’s vetting.'],
		partial: ['Data is masked, but unusual look-ups are not monitored and the provider vets its own agents.'],
		poor: ['Agents have the full customer view and can export; look-ups are not monitored.']
	},
	'insider.suspected-hire-playbook': {
		good: ['Playbook reviewed: silent containment, evidence preservation, stopping pay and the legal reporting route; tabletop-tested in {prior}.'],
		partial: ['A general HR investigation procedure; nothing on extortion or on keeping the person unaware during containment.'],
		poor: ['No playbook; {security} said they would “call the lawyers”.']
	},
	'insider.reporting-channel': {
		good: ['Anonymous channel run by an outside provider; {n} reports last year, one about a possible impostor.'],
		partial: ['Staff can report to their manager or HR, but there is no anonymous route.'],
		poor: ['No channel; concerns would go to the founders directly.']
	},
	// ---- keys
	'keys.ccss-level': {
		'level-3': ['CCSS level III audit letter from {prior} on file; scope covers the cold and warm wallets.'],
		'level-2': ['Audited at CCSS level II; the gap to level III is a rehearsed key-compromise protocol, planned for next year.'],
		'level-1': ['Level I audit only; key-holder background checks and the compromise protocol are not yet at level II.'],
		self: ['Self-assessment against CCSS shared as a spreadsheet; no auditor involved.'],
		none: ['Not assessed against CCSS; {treasury} was not familiar with the standard.']
	},
	'keys.keyholder-vetting': {
		background: ['Each key holder has identity, direct references and a licensed investigator’s background report on file; sampled {n}.'],
		'identity-references': ['Identity and references are checked, but there is no police or investigator background check.'],
		identity: ['Identity verification only; references are not taken for key holders.'],
		none: ['No specific vetting; key holders are the founders and early employees.']
	},
	'keys.grant-revoke': {
		good: ['Grant and revoke procedure documented and logged; saw the record of the last signer rotation in {prior}.'],
		partial: ['The procedure exists, but rotations are not logged consistently.'],
		poor: ['No procedure; a departed employee was still listed as a signer on one wallet.']
	},
	'keys.auth-factors': {
		three: ['Key shares need a hardware token, a PIN and a biometric approval in a controlled room.'],
		two: ['Two independent factors (hardware key and PIN); no third factor.'],
		one: ['A device alone can sign; no PIN or second factor on the signing phones.']
	},
	'keys.signing-devices': {
		good: [
			'All signing on dedicated hardware wallets kept in safes; nothing else is ever done on them. Inventory reconciled with {treasury}.',
			'Signing happens only on air-gapped machines and HSMs; the MDM record shows no other software installed.'
		],
		partial: ['Cold wallets are on hardware, but hot-wallet approvals are made from signers’ everyday laptops through a browser extension.'],
		poor: ['Signers use their everyday phones and laptops; one key holder signs from the machine he uses for email and chat.']
	},
	'keys.no-single-control': {
		good: ['Confirmed in the wallet configuration: every wallet needs at least {n} independent approvals and no device holds two shares.'],
		poor: ['One founder keeps two keys of the treasury wallet on the same device “as a backup”.']
	},
	'keys.signer-registry': {
		good: ['Signer registry reconciled with the on-chain configuration every quarter and after each change; saw the {prior} reconciliation.'],
		partial: ['A registry exists in a spreadsheet, but it is not reviewed on a schedule.'],
		poor: ['No registry; {treasury} listed the signers from memory.']
	},
	'keys.threshold-timelock': {
		'majority-timelock': ['Majority threshold with a {m}-hour timelock on signer, threshold and upgrade changes, watched by an alert bot.'],
		'majority-no-timelock': ['Majority threshold, but no timelock; an upgrade could execute as soon as it is signed.'],
		'low-threshold': ['Two signers can act together without anyone else knowing.'],
		single: ['A single deployer key still holds upgrade authority on one contract.']
	},
	'keys.presigning-policy': {
		good: ['Policy forbids pre-signing; the one exception in the last year had full-quorum approval and expired after 24 hours.'],
		partial: ['Discouraged in the runbook but not forbidden, and exceptions are not logged.'],
		poor: ['Signers routinely pre-sign rebalancing transactions for the operations team to submit later.']
	},
	'keys.durable-nonce': {
		good: ['The signing tool refuses durable-nonce transactions unless flagged; nonce accounts are monitored and advanced on every signer change.'],
		partial: ['Written policy against durable nonces, but the signing tooling does not enforce it.'],
		poor: ['No policy. {treasury} was not aware that durable-nonce transactions stay valid until used.']
	},
	'keys.compromise-protocol': {
		good: ['Protocol rehearsed with the real signers in {prior}; time to rotate signers was measured and a replacement wallet is pre-staged.'],
		partial: ['Written protocol with roles and steps; not yet rehearsed with the signers.'],
		poor: ['No agreed steps; {treasury} said they would “get everyone on a call”.']
	},
	// ---- social
	'social.verify-what-is-signed': {
		'every-transaction': [
			'Walked through the signing runbook with {treasury}; signers verify calldata on a separate laptop with a CLI decoder. Screenshots of two recent signings on file.',
			'Each signer checks chain, target, value, nonce and operation type on an independent device; we watched a live test transaction.'
		],
		'some-types': ['Transfers are checked on a separate device, but admin and upgrade actions are approved straight from the proposing interface.'],
		'same-interface': ['Signers read the decoded details in the same web interface that proposed the transaction; nothing independent.'],
		blind: ['Blind signing is enabled on the hardware wallets; signers approve whatever the interface shows.']
	},
	'social.simulation': {
		good: ['Every transaction is simulated; the output is attached to the approval ticket and reviewed by signers.'],
		partial: ['Simulation for large transfers only.'],
		poor: ['No simulation before signing.']
	},
	'social.out-of-band-requests': {
		good: ['Callback to a pre-registered number is required for payment and access requests; finance showed {n} examples from {month}.'],
		partial: ['Out-of-band confirmation for payments only; access changes are granted on a chat request.'],
		poor: ['Requests arriving on chat are acted on directly, including from unknown accounts claiming to be executives.']
	},
	'social.fido2-share': {
		good: ['{value}% of privileged accounts on FIDO2 keys per the identity-provider export; SMS and TOTP disabled.'],
		partial: ['{value}% of privileged accounts on security keys; the domain registrar and one cloud account still allow TOTP.'],
		poor: ['Only {value}% of privileged accounts use FIDO2; most rely on authenticator apps or SMS.']
	},
	'social.sandbox-outside-code': {
		good: ['Outside code and coding tests open only in disposable cloud sandboxes; policy and sandbox logs reviewed.'],
		partial: ['The policy exists, but engineers admitted opening candidate and partner repositories locally when the sandbox is slow.'],
		poor: ['No restriction; engineers open shared repositories on the same laptops they deploy from.']
	},
	'social.pretext-exercises': {
		good: ['{count} pretext types exercised in the last year, including a fake recruiter with a coding test; click and report rates tracked.'],
		partial: ['{count} pretext types used; no fake-partner or conference scenario yet.'],
		poor: ['Generic phishing emails at most; nothing tailored to recruiter or partner pretexts.']
	},
	'social.compromised-channel': {
		good: ['Procedure with a pre-agreed fallback channel and challenge phrases for re-verification; used once during a chat-account takeover scare.'],
		partial: ['A fallback channel exists, but there is no agreed way to re-verify people on it.'],
		poor: ['No agreed procedure.']
	},
	'social.external-contact-reporting': {
		good: ['Pre-conference briefing deck reviewed; staff logged {m} new contacts after the last two events.'],
		partial: ['Briefings happen for some events; reporting new contacts is encouraged, not required.'],
		poor: ['No briefing and no reporting requirement.']
	},
	'social.signer-exercise': {
		good: ['{value}% of signers spotted the manipulated transaction in the {prior} exercise.'],
		partial: ['{value}% passed; the others approved a transaction whose decoded calldata did not match its ticket.'],
		poor: ['{value}%: most signers have not taken part in any exercise.']
	},
	// ---- supply chain
	'supply-chain.isolated-dev': {
		good: ['Development happens in rebuilt-from-scratch cloud workspaces; production credentials are unreachable from them.'],
		partial: ['Production credentials are kept off developer laptops for most teams, but isolation is policy rather than enforced.'],
		poor: ['Developers use the same laptops for development, production access and personal use.']
	},
	'supply-chain.approved-tools': {
		good: ['Extension allow-list enforced through MDM; workspace trust is on and cannot be switched off.'],
		partial: ['An approved list exists for editors but not for extensions.'],
		poor: ['No restrictions on editors or extensions.']
	},
	'supply-chain.dependency-controls': {
		good: ['{count} of the controls are enforced in CI; saw a build fail on lockfile drift.'],
		partial: ['{count} controls in place; install scripts still run by default.'],
		poor: ['Lockfiles are committed in some repositories; nothing is enforced.']
	},
	'supply-chain.cicd-approval': {
		good: ['Branch protection and deployment rules require two approvers, enforced by the platform; admins cannot bypass them.'],
		partial: ['Two approvers for code, but pipeline configuration can be changed by any maintainer alone.'],
		poor: ['Any engineer can push to main and trigger a deployment.']
	},
	'supply-chain.publish-rights': {
		good: ['Publishing rights (web deploy, app stores, package registry, contract upgrades) held by {n} people, all ID-checked in person; reconciled against the access lists.'],
		partial: ['Front-end deploys are restricted to in-person-verified staff, but the app-store account is shared with an agency.'],
		poor: [
			'Publishing rights include {n} contributors known only online; nobody has checked their ID in person.',
			'The release signing keys sit with an outside agency; {short} cannot say who is able to use them.'
		]
	},
	'supply-chain.frontend-integrity': {
		good: ['Served JavaScript is hashed and compared with the release build every few minutes; a mismatch pages the on-call engineer.'],
		partial: ['Subresource integrity on some assets; no monitoring of what is actually served.'],
		poor: ['No monitoring of the served front end or of the signing interface.']
	},
	'supply-chain.cloud-token-hours': {
		good: ['Privileged cloud sessions expire after {value} h; verified in the identity-provider configuration.'],
		partial: ['The longest privileged session lasts {value} hours.'],
		poor: ['The longest privileged token lives {value} hours, and some long-lived access keys remain.']
	},
	'supply-chain.signing-device-apps': {
		good: ['Signing phones run an app allow-list; TestFlight and side-loading are blocked by MDM.'],
		partial: ['Signing devices are managed, but beta builds are not blocked.'],
		poor: ['Signers use personal phones with no app restrictions.']
	},
	'supply-chain.supplier-assessment': {
		'tiered-contract': ['Suppliers are tiered; critical ones are assessed yearly and contracts carry incident notice and audit rights.'],
		'tiered-yearly': ['Risk-tiered yearly assessments, but contracts give no right to audit or notice of incidents.'],
		onboarding: ['A questionnaire at onboarding only; never revisited.'],
		none: ['No supplier assessment beyond commercial due diligence.']
	},
	'supply-chain.hardware-authenticity': {
		good: ['Hardware is bought direct from makers; arrival checks and serial numbers are recorded in the asset inventory.'],
		partial: ['Hardware wallets come from the maker, but laptops are bought from general retailers without checks.'],
		poor: ['No authenticity checks; some hardware wallets were bought on marketplaces.']
	},
	// ---- response
	'response.signer-alerting': {
		good: ['24/7 alerting on signer, threshold and upgrade events; a test alert in {prior} reached the on-call engineer in under two minutes.'],
		partial: ['Alerts fire, but into a chat channel nobody watches overnight.'],
		poor: ['No monitoring of signer or admin changes; they would notice on the block explorer.']
	},
	'response.quorum-minutes': {
		good: ['Last drill: emergency quorum assembled in {value} minutes; call log on file.'],
		partial: ['{value} minutes in the last drill; one signer was unreachable for most of it.'],
		poor: ['{value} minutes to assemble signers in the last real event; there is no call tree.']
	},
	'response.ir-plan': {
		good: ['Playbooks for key compromise, front-end tampering and a hostile insider; exercised with timings against targets.'],
		partial: ['The plan names roles and contacts and covers key compromise; insider scenarios are missing.'],
		poor: ['A generic IT incident plan, not adapted to theft of funds or insiders.']
	},
	'response.drills-per-year': {
		good: ['{value} exercises in the last 12 months with signers and executives; after-action reports reviewed.'],
		partial: ['Exercises in the last 12 months: {value}, and executives joined only one of them.'],
		poor: ['No exercises with signers in the last year.']
	},
	'response.audit-retention': {
		'3y-immutable': ['Audit trails kept for {m} years in write-once storage under a separate account.'],
		'3y-editable': ['Kept for more than three years, but platform administrators can delete the log buckets.'],
		'1-3y': ['Logs kept for 18 months; signing records longer, inside the custody system.'],
		'under-1y': ['Logs rotate after 90 days.']
	},
	'response.freeze-contacts': {
		good: ['Contact sheet covering {count} kinds of outside party, tested by a call drill in {prior}.'],
		partial: ['Contacts for {count} kinds of outside party; never tested.'],
		poor: ['No pre-arranged contacts; they would look up issuers’ support pages during an incident.']
	},
	'response.extortion-procedure': {
		good: ['Agreed position (no payment), with counsel and the law-enforcement route named; tabletop-tested in {prior}.'],
		partial: ['Position discussed at board level, but no written procedure.'],
		poor: ['Nothing agreed.']
	}
};

/** For questions whose own bank is used up: true of any control in the section. */
const SECTION_NOTES: Record<string, Bank> = {
	governance: {
		good: ['Documented, owned and evidenced; {security} provided the records within a day.', 'Matches what the board minutes from {prior} record.'],
		partial: ['Exists on paper; {security} acknowledged it is not yet applied consistently across entities.', 'Owner named, but no evidence it has operated for a full year.'],
		poor: ['Nothing written down; {security} put it on the roadmap for next quarter.', 'Answer based on an interview only; no documents offered.']
	},
	hiring: {
		good: ['Confirmed by sampling {n} hires from {month} with {people}; every file was complete.', 'The recruiting playbook was updated after the {prior} advisory and this step is in it.'],
		partial: ['Applied to employees but not to contractors, who make up about a third of engineering.', '{people} showed the policy; the two files we sampled were incomplete.'],
		poor: ['{people} could not show any record of this being done for {year} hires.', 'Hiring is run by the hiring managers themselves; HR has no checklist.']
	},
	insider: {
		good: ['Evidence from the HR system and the identity provider matched; no exceptions in the sample.', 'Reviewed with {security} against two months of tickets.'],
		partial: ['Works for employees; contractors and the offshore team are handled ad hoc.', 'Control exists but depends on one person; no cover when they are away.'],
		poor: ['Not in place. {security} agreed to a remediation plan by the next review.', 'Nobody could say who is responsible for this.']
	},
	keys: {
		good: ['Observed during the signing walk-through with {treasury}; runbook version on file.', 'Consistent with the custody auditor’s report and {signing} configuration we inspected.'],
		partial: ['Applies to the cold wallets; the hot-wallet process is looser.', 'Documented in the runbook, but the last signer change did not follow it.'],
		poor: ['{treasury} described the practice; no runbook or logs exist.', 'Weak for a platform holding this much value; raised with the committee.']
	},
	social: {
		good: ['Demonstrated live by {treasury} on a test transaction.', 'Policy and last quarter’s records reviewed; no exceptions found.'],
		partial: ['Followed by senior staff; newer staff were unaware of it in our interviews.', 'Practised, but not written down or checked.'],
		poor: ['Not practised; staff we spoke to had not heard of it.', '{security} accepted the gap; no owner assigned yet.']
	},
	'supply-chain': {
		good: ['Verified in the CI and MDM configuration with {engineering}.', 'Enforced by tooling; {engineering} showed the exception log, with {n} time-limited exceptions.'],
		partial: ['Enforced for the core repositories only; the front end and mobile apps lag behind.', 'A policy exists; enforcement is planned but not live.'],
		poor: ['Not in place; {engineering} considers it a low priority next to feature work.', 'Left to each team; no common standard.']
	},
	response: {
		good: ['Exercised in the {prior} drill; the after-action report is on file.', 'Runbook and on-call rota reviewed with {security}.'],
		partial: ['Plan exists but has not been exercised with the current team.', 'Covers business hours well; nights and weekends depend on goodwill.'],
		poor: ['Nothing prepared; they would improvise.', '{security} agreed this should come before the next assessment.']
	}
};
