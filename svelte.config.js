import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Nonce-based CSP: kit adds a fresh nonce to its own inline scripts on
		// every response, so no 'unsafe-inline' is ever needed.
		csp: {
			mode: 'nonce',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Kit's route announcer (a screen-reader live region) carries one
				// inline style attribute; allow exactly that style by its hash
				// instead of opening 'unsafe-inline'. The browser suite fails if
				// a kit upgrade changes it.
				'style-src': ['self', 'unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'frame-ancestors': ['none'],
				'form-action': ['self']
			}
		}
		// Kit's CSRF origin check is on by default and must stay on: no
		// `csrf.trustedOrigins` here.
	}
};

export default config;
