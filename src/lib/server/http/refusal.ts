// The response for a request the policy refuses: a plain page for people,
// JSON for data requests and API clients. Built here rather than thrown with
// error() because errors thrown in `handle` skip the security headers.
import type { RequestEvent } from '@sveltejs/kit';

const TITLES: Record<number, string> = {
	400: 'Bad request',
	401: 'Sign in first',
	403: 'Not allowed',
	404: 'Not found',
	429: 'Too many attempts'
};

/**
 * The CSP of every response that is not a page kit renders: a refusal, an
 * endpoint's answer, a redirect, and the static error page (src/error.html)
 * kit serves when an endpoint throws. Nothing there runs a script, loads from
 * elsewhere or may be framed.
 */
export const NOT_A_PAGE_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Where the page offers to go back to: staff to their pages, a respondent to
 * its questionnaire (it has no dashboard, and must not be pointed at staff
 * pages), anyone else nowhere but the brand link.
 */
function backLink(locals: Partial<App.Locals> | undefined): string {
	if (locals?.user) return '<p><a href="/dashboard">Back to the dashboard</a></p>';
	if (locals?.respondent) return '<p><a href="/invite">Back to your questionnaire</a></p>';
	return '';
}

export function refusal(event: Pick<RequestEvent, 'request' | 'isDataRequest'> & { locals?: Partial<App.Locals> }, status: number, message: string): Response {
	const wantsHtml = !event.isDataRequest && (event.request.headers.get('accept') ?? '').includes('text/html');
	if (!wantsHtml) {
		return new Response(JSON.stringify({ message }), {
			status,
			headers: { 'content-type': 'application/json; charset=utf-8' }
		});
	}
	const title = TITLES[status] ?? 'Error';
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} ${escapeHtml(title)} · Clearance</title><link rel="stylesheet" href="/refusal.css"></head>
<body><main><a class="brand" href="/">Clearance</a><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>
${backLink(event.locals)}</main></body></html>`;
	return new Response(html, {
		status,
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': NOT_A_PAGE_CSP
		}
	});
}
