// `clearance template validate FILE`: checks a questionnaire template and
// prints a one-line summary, or one line per problem and exit 2.
import { compileTemplate, validateTemplate } from '../lib/scoring/index';
import { InputError, parseArgs } from './args';
import { problemLines, readDocument } from './score';

export async function run(argv: string[]): Promise<number> {
	const [subcommand, ...rest] = argv;
	if (subcommand !== 'validate') {
		throw new InputError(subcommand ? `unknown subcommand "${subcommand}" (expected: template validate FILE)` : 'usage: clearance template validate FILE');
	}
	const args = parseArgs(rest, {});
	if (args.positional.length !== 1) throw new InputError('template validate needs exactly one FILE');
	const file = args.positional[0];

	const doc = await readDocument(file);
	if (!doc.ok) {
		process.stderr.write(doc.line + '\n');
		return 2;
	}
	const template = validateTemplate(doc.value);
	if (!template.ok) {
		process.stderr.write(problemLines(file, template).map((line) => line + '\n').join(''));
		return 2;
	}
	const { key, version } = template.value;
	const ct = compileTemplate(template.value);
	process.stdout.write(
		`${key} ${version}: ${count(ct.sectionCount, 'section')}, ${count(ct.questionCount, 'question')}, ${count(ct.knockoutCount, 'knock-out')}\n`
	);
	return 0;
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
