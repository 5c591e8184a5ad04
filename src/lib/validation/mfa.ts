// Form schemas for two-factor authentication, shared by server actions and the browser.
import { z } from 'zod';
import { currentPassword } from './users';

/** A code from the authenticator app; people often type it as "123 456". */
export const totpCode = z
	.string({ error: 'Enter the 6-digit code your authenticator app shows.' })
	.transform((s) => s.replace(/\s/g, ''))
	.pipe(z.string().regex(/^[0-9]{6}$/, 'Enter the 6 digits your authenticator app shows now, like 123456.'));

/** Either an app code or a recovery code; which one is decided when it is checked. */
export const anyCode = z
	.string({ error: 'Enter a code from your authenticator app, or a recovery code.' })
	.trim()
	.min(1, 'Enter a code from your authenticator app, or a recovery code.')
	.max(100, 'That is longer than any code: enter the 6 digits from the app, or a recovery code.');

export const confirmMfa = z.object({ currentPassword, code: totpCode });
export const disableMfa = z.object({ currentPassword, code: anyCode });
export const regenerateRecoveryCodes = z.object({ currentPassword });
