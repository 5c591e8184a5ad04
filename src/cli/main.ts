// Dispatches `clearance <command> …`. Each command module exports
// `run(argv): Promise<number>` returning the exit code; an InputError thrown
// anywhere becomes one line on stderr and exit 2.
import { InputError } from './args';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
	migrate: async () => (await import('./migrate')).run,
	user: async () => (await import('./user')).run,
	backup: async () => (await import('./backup')).run,
	restore: async () => (await import('./restore')).run,
	audit: async () => (await import('./audit')).run,
	seed: async () => (await import('./seed')).run,
	demo: async () => (await import('./demo')).run,
	serve: async () => (await import('./serve')).run,
	score: async () => (await import('./score')).run,
	template: async () => (await import('./template')).run
};

const usage = `usage: clearance <command>
  migrate                                   apply database migrations
  user add --email E --name N --role R      create a user (password from stdin or prompt)
  user disable --email E                    disable a user and end their sessions
  user reset-mfa --email E                  remove a user's two-factor authentication (lost phone and codes)
  backup FILE                               online backup with integrity check
  restore FILE                              replace the database with a backup (server stopped)
  audit verify                              verify the audit hash chain
  seed --demo                               load demo users and data
  demo [--build]                            fresh demo database, seed, serve (--build: build first, output to data/build.log)
  serve                                     run the production build (npm start)
  score --template T --answers A [--profile P] [--explain]
  template validate FILE
  template export --key K [--version V]     print a stored version (latest published by default)
  template import FILE [--publish]          save a template file as a draft (or published)`;

export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === 'help') {
		(name ? process.stdout : process.stderr).write(usage + '\n');
		return name ? 0 : 2;
	}
	const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
	if (!load) {
		process.stderr.write(`clearance: unknown command "${name}" (try clearance --help)\n`);
		return 2;
	}
	try {
		return await (await load())(rest);
	} catch (err) {
		if (err instanceof InputError) {
			process.stderr.write(`clearance ${name}: ${err.message}\n`);
			return 2;
		}
		throw err;
	}
}
