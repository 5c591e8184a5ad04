// A platform's self-assessment is verified in a workspace of its own, which
// no other assessment shows: its code (about 8 KB gzipped) is imported here,
// for the views that need it, instead of with every assessment page. On the
// server this runs before rendering, and in the browser before hydrating, so
// the page renders the same in both, with and without JavaScript.
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ data }) => ({
	...data,
	VerificationWorkspace: data.verification ? (await import('$lib/components/assessment/VerificationWorkspace.svelte')).default : null
});
