// Opening a remediation link: the token becomes a session cookie and the
// browser moves to /remediate (http/link.ts says why).
import { allowAnyone, openLink } from '$lib/server/http';
import { redeem, setRemediationCookie } from '$lib/server/remediation';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	allowAnyone(event);
	return openLink(event, redeem(event.params.token, event.getClientAddress()), setRemediationCookie, '/remediate');
};
