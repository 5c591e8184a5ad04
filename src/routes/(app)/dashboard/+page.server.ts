import { dashboard } from '$lib/server/dashboard';
import type { PageServerLoad } from './$types';

// Every staff role reads the dashboard (the route policy has checked); it holds
// no answers, only figures from stored snapshots and who did what when.
export const load: PageServerLoad = () => ({ dashboard: dashboard() });
