// What each form action and endpoint reads, as fuzz cases: an accepted
// request with real rows of the seeded database, and for every field it
// reads, the values that must be refused. Keyed "route name", as
// tests/helpers/routes.ts lists the handlers.
import type { Case } from '../harness';
import type { World, Who } from '../world';
import { accountSpecs } from './accounts';
import { assessmentSpecs } from './assessments';
import { findingSpecs } from './findings';
import { mfaSpecs } from './mfa';
import { platformSpecs } from './platforms';
import { remediationSpecs } from './remediation';
import { reviewSpecs } from './reviews';
import { templateSpecs } from './templates';

export interface Spec {
	/** Whose request it is, unless a session or respondent cookie field says otherwise. */
	who: Who;
	cases: Case[];
	/** Runs before every request, the control's too: puts back what a refused request may rightly spend, such as a challenge's tries. */
	before?: () => void;
}

export type Specs = Record<string, Spec>;

export function specsFor(world: World): Specs {
	return { ...accountSpecs(world), ...assessmentSpecs(world), ...findingSpecs(world), ...mfaSpecs(world), ...platformSpecs(world), ...remediationSpecs(world), ...reviewSpecs(world), ...templateSpecs(world) };
}
