import { dashboard } from '$lib/server/dashboard';
import { cachedRead } from '$lib/server/db/read-cache';
import type { PageServerLoad } from './$types';

// Every staff role reads the dashboard (the route policy has checked); it holds
// no answers, only figures from stored snapshots and who did what when. The
// same for every reader, so it is computed once per change to the database,
// and at least once a minute (due dates and invitation expiry move with time).
export const load: PageServerLoad = () => ({ dashboard: cachedRead(`dashboard:${Math.floor(Date.now() / 60_000)}`, () => dashboard()) });
