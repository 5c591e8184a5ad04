// aria-describedby for a field: its hint and, while it has any, its problems.
export function describedBy(id: string, hint: boolean, problems: readonly string[]): string | undefined {
	return [hint ? `${id}-hint` : '', problems.length ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;
}
