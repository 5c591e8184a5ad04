import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		setupFiles: ['tests/setup.ts'],
		environment: 'node',
		// argon2 and SQLite work is CPU-bound; two workers match this machine.
		maxWorkers: 2,
		testTimeout: 30_000
	}
});
