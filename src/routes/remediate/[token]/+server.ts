// Opening a remediation link: the token becomes a session cookie and the
// browser moves to a clean address, so the token is left in neither the
// address bar nor any Referer.
import { allowAnyone, refusal } from '$lib/server/http';
import { redeem, setRemediationCookie } from '$lib/server/remediation';
import type { RequestHandler } from './$types';

const DEAD_LINK = 'This link is not valid. It may have expired or been withdrawn; ask the person who sent it for a new one.';

export const GET: RequestHandler = (event) => {
	allowAnyone(event);
	const result = redeem(event.params.token, event.getClientAddress());
	if (!result.ok) {
		if (result.retryAfter > 0) {
			const response = refusal(event, 429, 'Too many attempts from this network. Wait a few minutes and open the link again.');
			response.headers.set('Retry-After', String(result.retryAfter));
			return response;
		}
		// Unknown, expired, revoked: one page for all, so none can be told apart.
		return refusal(event, 404, DEAD_LINK);
	}
	setRemediationCookie(event.cookies, event.url, result.sessionToken, result.expiresAt);
	return new Response(null, { status: 303, headers: { location: '/remediate' } });
};
