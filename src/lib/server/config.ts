// Runtime settings from the environment. Read through functions, not
// constants, so tests and the CLI can point a process at another database.
// Server modules that the CLI shares read process.env here rather than
// $env/dynamic/private, which only exists inside SvelteKit.
import path from 'node:path';

function seconds(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
	return n;
}

export const config = {
	databasePath: () => path.resolve(process.env.DATABASE_PATH || './data/clearance.db'),
	migrationsPath: () => path.resolve(process.env.MIGRATIONS_PATH || './drizzle'),
	/** Sessions end after this long without a request. */
	sessionIdleMs: () => seconds('SESSION_IDLE_SECONDS', 30 * 60) * 1000,
	/** Sessions end this long after login, whatever the activity. */
	sessionAbsoluteMs: () => seconds('SESSION_ABSOLUTE_SECONDS', 12 * 60 * 60) * 1000,
	/** Login throttling window and allowances (failures per window). */
	loginWindowMs: () => seconds('LOGIN_WINDOW_SECONDS', 15 * 60) * 1000,
	loginFailuresPerAccount: () => seconds('LOGIN_FAILURES_PER_ACCOUNT', 5),
	loginFailuresPerIp: () => seconds('LOGIN_FAILURES_PER_IP', 20)
};
