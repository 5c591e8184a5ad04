// Failed-login throttling, per account and per client IP, kept in the
// database. A key is blocked once it has used its allowance of failures
// within the window; the block lifts when the window ends.
import { eq, lt } from 'drizzle-orm';
import { config } from './config';
import { getDb, type Tx } from './db/index';
import { rateLimit } from './db/schema';

export function loginKeys(email: string, ip: string): { account: string; ip: string } {
	return { account: `login:account:${email.trim().toLowerCase()}`, ip: `login:ip:${ip}` };
}

/** Seconds until the caller may try again, or 0 when not blocked. */
export function retryAfterSeconds(keys: string[], now = Date.now()): number {
	const window = config.loginWindowMs();
	let wait = 0;
	for (const key of keys) {
		const row = getDb().select().from(rateLimit).where(eq(rateLimit.key, key)).get();
		if (!row || now - row.windowStart >= window) continue;
		const allowance = key.startsWith('login:ip:') ? config.loginFailuresPerIp() : config.loginFailuresPerAccount();
		if (row.failures >= allowance) wait = Math.max(wait, Math.ceil((row.windowStart + window - now) / 1000));
	}
	return wait;
}

export function noteFailure(tx: Tx, keys: string[], now = Date.now()): void {
	const window = config.loginWindowMs();
	for (const key of keys) {
		const row = tx.select().from(rateLimit).where(eq(rateLimit.key, key)).get();
		if (!row || now - row.windowStart >= window) {
			tx.insert(rateLimit)
				.values({ key, failures: 1, windowStart: now })
				.onConflictDoUpdate({ target: rateLimit.key, set: { failures: 1, windowStart: now } })
				.run();
		} else {
			tx.update(rateLimit).set({ failures: row.failures + 1 }).where(eq(rateLimit.key, key)).run();
		}
	}
}

export function clearKey(tx: Tx, key: string): void {
	tx.delete(rateLimit).where(eq(rateLimit.key, key)).run();
}

/** Drop counters whose window ended long ago. */
export function pruneRateLimits(tx: Tx, now = Date.now()): void {
	tx.delete(rateLimit).where(lt(rateLimit.windowStart, now - 2 * config.loginWindowMs())).run();
}
