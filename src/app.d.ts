import type { Session } from '$lib/server/db/schema';
import type { DomainError } from '$lib/server/errors';
import type { RespondentContext } from '$lib/server/invitations';
import type { RemediatorContext } from '$lib/server/remediation';
import type { SessionUser } from '$lib/server/auth';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Signed in, but must set up two-factor authentication before anything else. */
			mustEnrol: boolean;
			/** Set only on the respondent's /invite routes. */
			respondent: RespondentContext | null;
			/** Set only for a remediation request's respondent (the /remediate routes). */
			remediator?: RemediatorContext | null;
			/** A domain refusal that escaped its route, for the hook to answer with its own status (hooks.server.ts). */
			refusal?: DomainError;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
