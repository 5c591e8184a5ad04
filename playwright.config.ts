import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright cannot download its own browser on this
// network. The background-networking flags stop Chromium phoning home,
// which a closed network answers with a storm of refused connections.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const DEMO_PASSWORD = 'e2e-demo-passphrase-1';
// The demo admin must sign in with two-factor authentication like any admin;
// with a known secret, tests/e2e/helpers.ts computes its codes.
export const DEMO_TOTP_SECRET = 'E2EDEMOADMINTOTPSECRETKEY234567A';
// E2E_PORT moves both servers, so that two checkouts can run browser tests at once.
const PORT = Number(process.env.E2E_PORT || 4173);
export const MAIN = `http://localhost:${PORT}`;
export const SHORT = `http://localhost:${PORT + 1}`;

const server = (port: number, db: string, extra: Record<string, string> = {}) => ({
	command: 'node src/cli/bin.js demo',
	port,
	reuseExistingServer: false,
	timeout: 60_000,
	env: { PORT: String(port), ORIGIN: `http://localhost:${port}`, DEMO_DATABASE_PATH: db, DEMO_PASSWORD, DEMO_TOTP_SECRET, ...extra }
});

// The drills start their own servers on their own ports and databases and never
// touch the demo servers below, so they run in a second worker beside the
// rest. Everything else shares data/e2e.db and was written to run one file at
// a time (user counts, the CSRF suite's unchanged-table hash), so it keeps a
// worker of its own: two lanes, each in order, which keeps both cores busy.
const DRILLS = ['**/races.test.ts', '**/reliability.test.ts'];

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 2,
	projects: [
		{ name: 'app', testIgnore: DRILLS, workers: 1 },
		{ name: 'drills', testMatch: DRILLS, workers: 1 }
	],
	retries: 0,
	reporter: [['list']],
	timeout: 30_000,
	use: {
		baseURL: MAIN,
		launchOptions: {
			executablePath: chromium,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	webServer: [
		server(PORT, 'data/e2e.db', { LOGIN_FAILURES_PER_IP: '1000' }),
		// Short idle timeout and a tight login allowance, to watch both happen.
		server(PORT + 1, 'data/e2e-short.db', { SESSION_IDLE_SECONDS: '3', LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_IP: '1000' })
	]
});
