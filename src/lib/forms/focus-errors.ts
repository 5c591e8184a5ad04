// use:enhance for forms with field errors: tracks the pending state and,
// when the server refuses, moves focus to the first invalid field so
// keyboard and screen-reader users land on what needs fixing.
import type { SubmitFunction } from '@sveltejs/kit';
import { tick } from 'svelte';

export function focusingErrors(setPending: (pending: boolean) => void): SubmitFunction {
	return ({ formElement }) => {
		setPending(true);
		return async ({ result, update }) => {
			await update();
			setPending(false);
			await tick();
			if (result.type === 'failure') formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
		};
	};
}
