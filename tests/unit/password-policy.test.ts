import { describe, expect, it } from 'vitest';
import { commonPasswordCount, passwordProblem } from '../../src/lib/server/auth/password-policy';

describe('the password policy', () => {
	it('bundles a list of at least 10,000 common passwords', () => {
		const n = commonPasswordCount();
		console.log(`common-password list: ${n.toLocaleString('en')} entries`);
		expect(n).toBeGreaterThanOrEqual(10_000);
	});

	it.each(['1q2w3e4r5t6y', 'QWERTYUIOP123', 'password123456', 'Password1234!', '!!iloveyou2024!!', 'aaaaaaaaaaaa', '111111111111', 'Ｐａｓｓｗｏｒｄ１２３４'])(
		'refuses %s',
		(password) => {
			expect(passwordProblem(password)).toMatch(/list of passwords attackers try first/);
		}
	);

	it.each(['correct horse battery staple', 'tessellate-market-42-night', 'Kestrel and the blue ledger', 'e2e-demo-passphrase-1'])('accepts %s', (password) => {
		expect(passwordProblem(password)).toBeNull();
	});
});
