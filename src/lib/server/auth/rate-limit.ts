// Attempt throttling (sign-in, re-authentication, invitation links), per key, kept in the
// database. A key is blocked once it has used its allowance within the
// window; the block lifts when the window ends.
//
// Attempts are counted synchronously *before* the slow password check, so
// a burst of parallel requests cannot all slip in under the allowance.
import { eq, lt } from 'drizzle-orm';
import { config } from '../config';
import type { Tx } from '../db/index';
import { rateLimit } from '../db/schema';

/** An account's allowance: spent by failed sign-ins and failed re-authentications alike. */
export function accountKey(email: string): string {
	return `login:account:${email.trim().toLowerCase()}`;
}

export function loginKeys(email: string, ip: string): { account: string; ip: string } {
	return { account: accountKey(email), ip: `login:ip:${ip}` };
}

function allowanceOf(key: string): number {
	if (key.startsWith('login:ip:')) return config.loginFailuresPerIp();
	if (key.startsWith('login:account:')) return config.loginFailuresPerAccount();
	return config.loginFailuresPerIp();
}

/** Drop counters whose window ended long ago. */
function pruneRateLimits(tx: Tx, now = Date.now()): void {
	tx.delete(rateLimit).where(lt(rateLimit.windowStart, now - 2 * config.loginWindowMs())).run();
}

export interface Block {
	retryAfter: number;
	/** True on the first refused attempt of the window: the one worth auditing. */
	first: boolean;
}

/**
 * Inside the caller's transaction: refuse when any key is blocked, else
 * count this attempt against every key. A refused attempt writes nothing
 * after the first, so a flood cannot fill the disk or the audit trail.
 */
export function takeAttempt(tx: Tx, keys: string[], now = Date.now()): Block | null {
	const window = config.loginWindowMs();
	let block = null as Block | null;
	const rows = keys.map((key) => ({ key, row: tx.select().from(rateLimit).where(eq(rateLimit.key, key)).get() }));
	for (const { key, row } of rows) {
		if (!row || now - row.windowStart >= window) continue;
		const allowance = allowanceOf(key);
		if (row.failures >= allowance) {
			const retryAfter = Math.ceil((row.windowStart + window - now) / 1000);
			const first = row.failures === allowance;
			// Mark the window as reported (allowance + 1) so later refusals stay silent.
			if (first) tx.update(rateLimit).set({ failures: allowance + 1 }).where(eq(rateLimit.key, key)).run();
			block = { retryAfter: Math.max(block?.retryAfter ?? 0, retryAfter), first: (block?.first ?? false) || first };
		}
	}
	if (block) return block;
	for (const { key, row } of rows) {
		if (!row || now - row.windowStart >= window) {
			// Starting a window is rare enough to sweep out long-dead counters
			// (sprayed emails and addresses would otherwise pile up for ever).
			pruneRateLimits(tx, now);
			tx.insert(rateLimit)
				.values({ key, failures: 1, windowStart: now })
				.onConflictDoUpdate({ target: rateLimit.key, set: { failures: 1, windowStart: now } })
				.run();
		} else {
			tx.update(rateLimit).set({ failures: row.failures + 1 }).where(eq(rateLimit.key, key)).run();
		}
	}
	return null;
}

/** A successful attempt gives its count back: a busy office is not a brute force. */
export function forgive(tx: Tx, key: string): void {
	const row = tx.select().from(rateLimit).where(eq(rateLimit.key, key)).get();
	if (row && row.failures > 0) tx.update(rateLimit).set({ failures: row.failures - 1 }).where(eq(rateLimit.key, key)).run();
}

export function clearKey(tx: Tx, key: string): void {
	tx.delete(rateLimit).where(eq(rateLimit.key, key)).run();
}
