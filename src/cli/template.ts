// `clearance template validate|export|import`: check a questionnaire file,
// print a stored version, or save a file into the library.
import { compileTemplate, validateTemplate } from '../lib/scoring/index';
import { CLI_ACTOR } from '../lib/server/audit';
import { closeDatabase, handle } from '../lib/server/db/index';
import { prepareDatabase } from '../lib/server/db/setup';
import * as templates from '../lib/server/templates';
import { InputError, parseArgs, requireFlag } from './args';
import { existingDatabase } from './database';
import { problemLines, readDocument } from './documents';

const USAGE = 'expected: template validate FILE | template export --key K [--version V] | template import FILE [--publish]';

export async function run(argv: string[]): Promise<number> {
	const [subcommand, ...rest] = argv;
	if (subcommand === 'validate') return validate(rest);
	if (subcommand === 'export') return exportVersion(rest);
	if (subcommand === 'import') return importFile(rest);
	throw new InputError(subcommand ? `unknown subcommand "${subcommand}" (${USAGE})` : USAGE);
}

async function validate(argv: string[]): Promise<number> {
	const args = parseArgs(argv, {});
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

/** Prints the stored JSON exactly (latest published unless --version), nothing else on stdout. */
async function exportVersion(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { values: ['key', 'version'] });
	if (args.positional.length) throw new InputError(`unexpected argument "${args.positional[0]}"`);
	const key = requireFlag(args, 'key');
	const version = args.flags.version === undefined ? undefined : requireFlag(args, 'version');
	try {
		existingDatabase();
		process.stdout.write(templates.exportJson(key, version));
		return 0;
	} catch (err) {
		if (err instanceof templates.TemplateError) throw new InputError(`--${err.field === 'version' ? 'version' : 'key'}: ${err.message}`);
		throw err;
	} finally {
		closeDatabase();
	}
}

async function importFile(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { switches: ['publish'] });
	if (args.positional.length !== 1) throw new InputError('template import needs exactly one FILE');
	const file = args.positional[0];
	const doc = await readDocument(file);
	if (!doc.ok) {
		process.stderr.write(doc.line + '\n');
		return 2;
	}
	const checked = validateTemplate(doc.value);
	if (!checked.ok) {
		process.stderr.write(problemLines(file, checked).map((line) => line + '\n').join(''));
		return 2;
	}
	try {
		await prepareDatabase(handle());
		const saved = templates.importDocument(CLI_ACTOR, doc.value, { publish: args.flags.publish === true });
		console.log(`Saved ${saved.key} ${saved.doc.version} as ${saved.row.status} (sha256 ${saved.row.sha256.slice(0, 12)}…).`);
		return 0;
	} catch (err) {
		if (err instanceof templates.TemplateError) throw new InputError(`${file}: ${err.field}: ${err.message}`);
		throw err;
	} finally {
		closeDatabase();
	}
}

function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
