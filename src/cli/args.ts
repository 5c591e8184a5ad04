// Small, strict argv parsing: unknown flags and missing values are input
// errors (exit 2), never silently ignored.

export class InputError extends Error {}

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
