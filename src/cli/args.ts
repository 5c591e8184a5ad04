// Small, strict argv parsing: unknown flags and missing values are input
// errors (exit 2), never silently ignored.

import path from 'node:path';

export class InputError extends Error {}

/**
 * A file named on the command line, resolved where the user typed it:
 * `npm run cli` runs in the package root, and npm passes the caller's
 * directory as INIT_CWD. Only then: other npm scripts' children inherit
 * INIT_CWD too, without having been started from it.
 */
export function userPath(file: string): string {
	const viaNpmCli = process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD;
	return path.resolve(viaNpmCli || process.cwd(), file);
}

export interface ParsedArgs {
	positional: string[];
	flags: Record<string, string | true>;
}

/** Parse `--name value` / `--name=value` / `--switch`. `switches` take no value. */
export function parseArgs(argv: string[], known: { values?: string[]; switches?: string[] }): ParsedArgs {
	const values = new Set(known.values ?? []);
	const switches = new Set(known.switches ?? []);
	const out: ParsedArgs = { positional: [], flags: {} };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			out.positional.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq === -1 ? undefined : eq);
		if (switches.has(name)) {
			if (eq !== -1) throw new InputError(`--${name} takes no value`);
			out.flags[name] = true;
		} else if (values.has(name)) {
			const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
			if (value === undefined || (eq === -1 && value.startsWith('--'))) {
				throw new InputError(`--${name} needs a value`);
			}
			if (name in out.flags) throw new InputError(`--${name} given twice`);
			out.flags[name] = value;
		} else {
			throw new InputError(`unknown option --${name}`);
		}
	}
	return out;
}

export function requireFlag(args: ParsedArgs, name: string): string {
	const value = args.flags[name];
	if (typeof value !== 'string' || value === '') throw new InputError(`--${name} is required`);
	return value;
}
