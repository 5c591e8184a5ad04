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

/** After a move: the same button at the item's new place, or its opposite at an end of the list. */
export function focusMoved(itemId: string, direction: -1 | 1): Promise<void> {
	const [same, other] = direction < 0 ? ['up', 'down'] : ['down', 'up'];
	return focusFirst(`${itemId}-${same}`, `${itemId}-${other}`);
}

/** After removing item `i` of `${prefix}{i}`: the next item's remove button, else the previous one's, else `fallback`. */
export function focusAfterRemove(prefix: string, i: number, fallback: string): Promise<void> {
	return focusFirst(`${prefix}${i}-remove`, `${prefix}${i - 1}-remove`, fallback);
}
