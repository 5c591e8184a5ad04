// What a password must not be, beyond its length (checked by the form schema):
// one that attackers try first. NIST SP 800-63B asks for exactly this and no
// composition rules. Server-only: the list is 440 kB and stays out of the browser.
import { COMMON_PASSWORDS } from './common-passwords';

let common: Set<string> | undefined;

function commonSet(): Set<string> {
	return (common ??= new Set(COMMON_PASSWORDS.split('\n')));
}

/** How many passwords the bundled list holds (at least 10,000, the policy's floor). */
export function commonPasswordCount(): number {
	return commonSet().size;
}

const normalise = (p: string) => p.normalize('NFKC').toLowerCase();

/**
 * Why `password` is refused, or null when it may be used. Refused: a listed
 * password; a listed one with digits or punctuation stuck on either end
 * ("password123456!"), which is how people stretch a short favourite to the
 * minimum length; one character repeated.
 */
export function passwordProblem(password: string): string | null {
	const p = normalise(password);
	const list = commonSet();
	const core = p.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, '');
	if (list.has(p) || (core.length > 0 && core !== p && list.has(core)) || /^(.)\1*$/u.test(p)) {
		return 'This password is on a list of passwords attackers try first. Choose another: a few unrelated words work well.';
	}
	return null;
}
