import { CLI_ACTOR } from '../lib/server/audit';
import { closeDatabase, handle } from '../lib/server/db/index';
import { prepareDatabase } from '../lib/server/db/setup';
import * as mfa from '../lib/server/auth';
import * as users from '../lib/server/auth';
import { displayName, email, password, role } from '../lib/validation/users';
import { InputError, parseArgs, requireFlag } from './args';
import { readSecret } from './prompt';

function check<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, flag: string, value: unknown): T {
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw new InputError(`${flag}: ${parsed.error.issues[0].message}`);
	return parsed.data;
}

export async function run(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub === 'add') return add(rest);
	if (sub === 'disable') return disable(rest);
	if (sub === 'reset-mfa') return resetMfa(rest);
	throw new InputError(`expected "user add" or "user disable" or "user reset-mfa", got "${sub ?? ''}"`);
}

async function add(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { values: ['email', 'name', 'role'] });
	if (args.positional.length) throw new InputError(`unexpected argument "${args.positional[0]}"`);
	const input = {
		email: check(email, '--email', requireFlag(args, 'email')),
		name: check(displayName, '--name', requireFlag(args, 'name')),
		role: check(role, '--role', requireFlag(args, 'role'))
	};
	const secret = check(password, 'password', await readSecret(`Password for ${input.email}: `));
	try {
		await prepareDatabase(handle());
		const created = await users.create(CLI_ACTOR, { ...input, password: secret });
		console.log(`Created ${created.role} ${created.email} (id ${created.id}).`);
		return 0;
	} catch (err) {
		if (err instanceof users.UserError) throw new InputError(`--${err.field}: ${err.message}`);
		throw err;
	} finally {
		closeDatabase();
	}
}

/** The user named by --email (the only flag), on an up-to-date database closed afterwards. */
async function withUser(argv: string[], act: (found: users.PublicUser, address: string) => void): Promise<number> {
	const args = parseArgs(argv, { values: ['email'] });
	if (args.positional.length) throw new InputError(`unexpected argument "${args.positional[0]}"`);
	const address = check(email, '--email', requireFlag(args, 'email'));
	try {
		await prepareDatabase(handle());
		const found = users.findByEmail(address);
		if (!found) throw new InputError(`--email: no user with email ${address}`);
		act(found, address);
		return 0;
	} catch (err) {
		if (err instanceof users.UserError) throw new InputError(`--email: ${err.message}`);
		throw err;
	} finally {
		closeDatabase();
	}
}

function disable(argv: string[]): Promise<number> {
	return withUser(argv, (found, address) => {
		users.setDisabled(CLI_ACTOR, found.id, true);
		console.log(`Disabled ${address}; their sessions have ended.`);
	});
}

/** Someone lost both their authenticator and their recovery codes: only an operator at the server can let them back in. */
function resetMfa(argv: string[]): Promise<number> {
	return withUser(argv, (found, address) => {
		if (!mfa.reset(CLI_ACTOR, found.id, found.email)) throw new InputError(`--email: ${address} has no two-factor authentication to reset`);
		const next = mfa.mfaRequired(found.role) ? 'they must set it up again at their next sign-in' : 'they sign in with the password alone until they set it up again';
		console.log(`Reset two-factor authentication of ${address}; their sessions have ended and ${next}.`);
	});
}
