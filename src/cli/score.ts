// `clearance score --template T --answers A [--profile P] [--explain]`: one
// answer set scored against its template (spec §5). Success prints exactly one
// JSON document; any input error prints one line per problem and exits 2.
import {
	compileTemplate,
	explain,
	score,
	validateAnswers,
	validateProfile,
	validateTemplate
} from '../lib/scoring/index';
import { InputError, parseArgs, requireFlag } from './args';
import { problemLines, readDocument } from './documents';

export async function run(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { values: ['template', 'answers', 'profile'], switches: ['explain'] });
	if (args.positional.length > 0) throw new InputError(`unexpected argument "${args.positional[0]}"`);
	const templateFile = requireFlag(args, 'template');
	const answersFile = requireFlag(args, 'answers');
	const profileFile = args.flags.profile === undefined ? null : requireFlag(args, 'profile');

	const [templateDoc, answersDoc, profileDoc] = await Promise.all([
		readDocument(templateFile),
		readDocument(answersFile),
		profileFile === null ? null : readDocument(profileFile)
	]);
	const lines: string[] = [];
	for (const doc of [templateDoc, answersDoc, profileDoc]) if (doc && !doc.ok) lines.push(doc.line);

	const template = templateDoc.ok ? validateTemplate(templateDoc.value) : null;
	if (template && !template.ok) lines.push(...problemLines(templateFile, template));
	// An invalid template still lets the other files' own shape be checked.
	const ct = template?.ok ? compileTemplate(template.value) : null;
	const answers = answersDoc.ok ? validateAnswers(answersDoc.value, ct) : null;
	if (answers && !answers.ok) lines.push(...problemLines(answersFile, answers));
	const profile = profileDoc?.ok ? validateProfile(profileDoc.value, ct) : null;
	if (profile && !profile.ok) lines.push(...problemLines(profileFile!, profile));

	if (lines.length > 0 || !ct || !answers?.ok || (profile !== null && !profile.ok)) {
		process.stderr.write(lines.map((line) => line + '\n').join(''));
		return 2;
	}
	const profileValue = profile?.ok ? profile.value : null;
	const result = args.flags.explain ? explain(ct, answers.value, profileValue) : score(ct, answers.value, profileValue);
	process.stdout.write(JSON.stringify(result, null, 2) + '\n');
	return 0;
}
