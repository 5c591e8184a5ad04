// How long ago, or how soon, in the words a queue item uses ("2 days ago", "in 5 hours").
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

function amount(ms: number): string {
	if (ms < HOUR) {
		const m = Math.max(1, Math.round(ms / MINUTE));
		return `${m} minute${m === 1 ? '' : 's'}`;
	}
	if (ms < DAY) {
		const h = Math.round(ms / HOUR);
		return `${h} hour${h === 1 ? '' : 's'}`;
	}
	const d = Math.round(ms / DAY);
	return `${d} day${d === 1 ? '' : 's'}`;
}

export function ago(at: number, now: number): string {
	return now - at < MINUTE ? 'just now' : `${amount(now - at)} ago`;
}

export function within(at: number, now: number): string {
	return `in ${amount(Math.max(0, at - now))}`;
}
