// The step between a right password and a session, for users with two-factor
// authentication. The browser holds a random 256-bit token in a five-minute
// cookie; the database keeps only its SHA-256, the user and the wrong tries.
// After CHALLENGE_TRIES wrong codes the challenge is deleted, and only the
// password (with its own throttle) starts another.
import { randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { eq, lt, or } from 'drizzle-orm';
import { getDb, type Tx } from '../db/index';
import { mfaChallenge, type MfaChallenge } from '../db/schema';
import { hashToken } from './session';

export const CHALLENGE_MS = 5 * 60_000;
export const CHALLENGE_TRIES = 5;

export function createChallenge(tx: Tx, userId: number, now = Date.now()): { token: string; expiresAt: number } {
	// One sign-in waits at a time per user, and dead challenges do not pile up.
	tx.delete(mfaChallenge)
		.where(or(eq(mfaChallenge.userId, userId), lt(mfaChallenge.expiresAt, now)))
		.run();
	const token = randomBytes(32).toString('base64url');
	const expiresAt = now + CHALLENGE_MS;
	tx.insert(mfaChallenge).values({ id: hashToken(token), userId, createdAt: now, expiresAt, failures: 0 }).run();
	return { token, expiresAt };
}

/** The challenge for a cookie token while it can still be answered, else null. */
export function liveChallenge(db: Pick<Tx, 'select'>, token: string, now = Date.now()): MfaChallenge | null {
	const row = db.select().from(mfaChallenge).where(eq(mfaChallenge.id, hashToken(token))).get();
	return row && row.expiresAt > now && row.failures < CHALLENGE_TRIES ? row : null;
}

/** Whether the browser's challenge can still be answered (for the page, before anything is typed). */
export function challengeIsLive(token: string | undefined): boolean {
	return !!token && liveChallenge(getDb(), token) !== null;
}

/** Count a wrong code; true when that was the last try and the challenge is gone. */
export function failChallenge(tx: Tx, challenge: MfaChallenge): { failures: number; dead: boolean } {
	const failures = challenge.failures + 1;
	if (failures >= CHALLENGE_TRIES) {
		tx.delete(mfaChallenge).where(eq(mfaChallenge.id, challenge.id)).run();
		return { failures, dead: true };
	}
	tx.update(mfaChallenge).set({ failures }).where(eq(mfaChallenge.id, challenge.id)).run();
	return { failures, dead: false };
}

export function endChallenge(tx: Tx, challenge: MfaChallenge): void {
	tx.delete(mfaChallenge).where(eq(mfaChallenge.id, challenge.id)).run();
}

/** Like the session cookie: `__Host-` over https, HttpOnly, and gone with the challenge. */
export function challengeCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-clearance_mfa' : 'clearance_mfa';
}

export function setChallengeCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(challengeCookieName(url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearChallengeCookie(cookies: Cookies, url: URL): void {
	cookies.delete(challengeCookieName(url), { path: '/', secure: url.protocol === 'https:' });
}
