// Liveness for load balancers and the benchmark's baseline: no session, no database.
import type { RequestHandler } from './$types';
import { allowAnyone } from '$lib/server/http';

export const GET: RequestHandler = (event) => {
	allowAnyone(event);
	return new Response('ok', { headers: { 'content-type': 'text/plain' } });
};
