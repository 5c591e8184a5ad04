// Opening a respondent's link (a self-assessment invitation or a remediation
// request): the token becomes a session cookie and the browser moves to a
// clean address, so the token is left in neither the address bar nor any
// Referer. Unknown, expired and revoked links get one page, so none can be
// told apart; a network guessing links is throttled.
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { refusal } from './refusal';

export type Redemption = { ok: false; retryAfter: number } | { ok: true; sessionToken: string; expiresAt: number };

const DEAD_LINK = 'This link is not valid. It may have expired or been withdrawn; ask the person who sent it for a new one.';

export function openLink(
	event: RequestEvent,
	result: Redemption,
	setCookie: (cookies: Cookies, url: URL, token: string, expiresAt: number) => void,
	location: string
): Response {
	if (!result.ok) {
		if (result.retryAfter > 0) {
			const response = refusal(event, 429, 'Too many attempts from this network. Wait a few minutes and open the link again.');
			response.headers.set('Retry-After', String(result.retryAfter));
			return response;
		}
		return refusal(event, 404, DEAD_LINK);
	}
	setCookie(event.cookies, event.url, result.sessionToken, result.expiresAt);
	return new Response(null, { status: 303, headers: { location } });
}
