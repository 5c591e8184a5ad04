import type { Session } from '$lib/server/db/schema';
import type { RespondentContext } from '$lib/server/invitations';
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
		}
		interface Error {
			message: string;
		}
	}
}

export {};
