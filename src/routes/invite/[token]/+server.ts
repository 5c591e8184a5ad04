// Opening an invitation link: the token becomes a respondent session cookie
// and the browser moves to /invite (http/link.ts says why).
import { allowAnyone, openLink } from '$lib/server/http';
import { redeem, setRespondentCookie } from '$lib/server/invitations';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	allowAnyone(event);
	return openLink(event, redeem(event.params.token, event.getClientAddress()), setRespondentCookie, '/invite');
};
