// Axis labels for chart.js, which cuts a long label short rather than wrap it.

/** A long title as lines of about `width` characters. */
export function lines(title: string, width = 24): string[] {
	const out: string[] = [];
	for (const word of title.split(' ')) {
		const last = out.at(-1);
		if (last !== undefined && last.length + 1 + word.length <= width) out[out.length - 1] = `${last} ${word}`;
		else out.push(word);
	}
	return out;
}
