// Throughput of the scoring engine: 10,000 synthetic assessments of a
// 60-question template. Goals on a 2-core machine: ≥ 5 million answers
// scored/s, ≥ 1 million answers validated/s, rankRobustness for 12 candidates
// × 10,000 samples under 200 ms. Run with `npm run bench:scoring`.
import { compileTemplate, rankRobustness, score, validateAnswers, validateTemplate, type AnswerSet, type ScoreResult } from '../src/lib/scoring/index';
import { Random } from '../src/lib/scoring/prng';

const SETS = 10_000;
const SECTIONS = 6;
const PER_SECTION = 10;
const random = new Random(2024);
const pick = <T>(items: readonly T[]): T => items[random.next() % items.length];

const TYPES = ['yes_no', 'yes_partial_no', 'maturity', 'choice', 'multi_choice', 'number', 'percent', 'percent', 'yes_no', 'text'] as const;
const options = [
	{ value: 'none', label: 'None', score: 0 },
	{ value: 'some', label: 'Some', score: 0.4 },
	{ value: 'most', label: 'Most', score: 0.7 },
	{ value: 'all', label: 'All', score: 1 }
];

function question(s: number, q: number) {
	const type = TYPES[q];
	const base = { id: `s${s}.q${q}`, prompt: `Question ${s}.${q}`, type, allowNA: q % 4 === 0 };
	switch (type) {
		case 'choice':
		case 'multi_choice':
			return { ...base, weight: 2, options };
		case 'number':
			return { ...base, unit: 'hours', critical: { minScore: 0.5, capGrade: 'D' }, bands: [{ max: 4, score: 1 }, { min: 4, max: 24, score: 0.6 }, { score: 0 }] };
		case 'percent':
			return q === 6 ? { ...base, bands: [{ min: 95, score: 1 }, { min: 80, score: 0.5 }] } : base;
		case 'text':
			return base;
		default:
			return { ...base, weight: 1 + (q % 3), ...(q === 1 ? { critical: { minScore: 1, capGrade: 'C' } } : {}) };
	}
}

const rawTemplate = {
	format: 'clearance-template/1',
	key: 'bench',
	version: '1.0.0',
	title: 'Benchmark',
	sections: Array.from({ length: SECTIONS }, (_, s) => ({
		id: `s${s}`,
		title: `Section ${s}`,
		weight: 1 + s,
		questions: Array.from({ length: PER_SECTION }, (_, q) => question(s, q))
	}))
};

function value(type: string): unknown {
	switch (type) {
		case 'yes_no':
			return pick(['yes', 'no']);
		case 'yes_partial_no':
			return pick(['yes', 'partial', 'no']);
		case 'maturity':
			return random.next() % 6;
		case 'choice':
			return pick(options).value;
		case 'multi_choice':
			return options.filter(() => random.next() % 2 === 0).map((o) => o.value);
		case 'number':
			return random.next() % 48;
		case 'percent':
			return random.next() % 101;
		default:
			return 'free text';
	}
}

function answerSet(): unknown {
	const answers: Record<string, unknown> = {};
	for (const section of rawTemplate.sections) {
		for (const q of section.questions) {
			const roll = random.next() % 20;
			if (roll === 0) continue; // unanswered
			if (roll === 1 && q.allowNA) answers[q.id] = { na: true };
			else answers[q.id] = { value: value(q.type), assurance: pick(['claimed', 'evidenced', 'verified']) };
		}
	}
	return { format: 'clearance-answers/1', template: { key: 'bench', version: '1.0.0' }, answers };
}

const template = validateTemplate(rawTemplate);
if (!template.ok) throw new Error(JSON.stringify(template.problems.slice(0, 5)));
const ct = compileTemplate(template.value);
// Round-trip through JSON so the objects have the shapes an uploaded file gives.
const raws = JSON.parse(JSON.stringify(Array.from({ length: SETS }, answerSet))) as unknown[];
const answerCount = raws.reduce<number>((n, raw) => n + Object.keys((raw as { answers: object }).answers).length, 0);

function best(runs: number, fn: () => void): number {
	let fastest = Infinity;
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		fn();
		fastest = Math.min(fastest, performance.now() - started);
	}
	return fastest;
}

const validated: AnswerSet[] = new Array(SETS);
const validateMs = best(7, () => {
	for (let i = 0; i < SETS; i++) {
		const result = validateAnswers(raws[i], ct);
		if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
		validated[i] = result.value;
	}
});

let results: ScoreResult[] = new Array(SETS);
const scoreMs = best(15, () => {
	for (let i = 0; i < SETS; i++) results[i] = score(ct, validated[i]);
});

const candidates = results.slice(0, 12).map((r, i) => ({ id: `platform-${i + 1}`, sections: r.sections }));
const robustnessMs = best(7, () => rankRobustness(candidates, { sigma: 0.25, samples: 10_000, seed: 1 }));
results = [];

const rate = (n: number, ms: number) => ((n / ms) * 1000).toLocaleString('en-US', { maximumFractionDigits: 0 });
const verdict = (ok: boolean) => (ok ? 'meets goal' : 'BELOW GOAL');
const scoredPerSecond = (answerCount / scoreMs) * 1000;
const validatedPerSecond = (answerCount / validateMs) * 1000;

console.log(`${SETS.toLocaleString('en-US')} answer sets, ${SECTIONS * PER_SECTION}-question template, ${answerCount.toLocaleString('en-US')} answers (best of several runs)`);
console.log(`score:          ${scoreMs.toFixed(1)} ms  → ${rate(answerCount, scoreMs)} answers scored/s  (goal ≥ 5,000,000: ${verdict(scoredPerSecond >= 5e6)})`);
console.log(`validate:       ${validateMs.toFixed(1)} ms  → ${rate(answerCount, validateMs)} answers validated/s  (goal ≥ 1,000,000: ${verdict(validatedPerSecond >= 1e6)})`);
console.log(`rankRobustness: ${robustnessMs.toFixed(1)} ms for 12 candidates × 10,000 samples  (goal < 200 ms: ${verdict(robustnessMs < 200)})`);
