// Keyboard users keep their place: after an edit re-renders the editor, focus
// moves to the control that now stands for what they acted on.
import { tick } from 'svelte';

/** Focuses the first of `ids` that exists and is enabled, once the DOM has caught up. */
export async function focusFirst(...ids: string[]): Promise<void> {
	await tick();
	for (const id of ids) {
		const el = document.getElementById(id);
		if (el && !(el instanceof HTMLButtonElement && el.disabled)) {
			el.focus();
			return;
		}
	}
}
