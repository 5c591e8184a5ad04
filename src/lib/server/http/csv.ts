// CSV as spreadsheets open it safely: UTF-8 with a byte-order mark, CRLF,
// every cell quoted, and a leading = + - @ neutralised so no cell runs as a formula.

export function cell(value: unknown): string {
	let s = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
	// A plain negative number is a number, not a formula: keep it one.
	if (/^[=+\-@\t\r]/.test(s) && !/^-\d+(\.\d+)?$/.test(s)) s = `'${s}`;
	return `"${s.replace(/"/g, '""')}"`;
}

/** A downloadable CSV response; `filename` is reduced to safe characters. */
export function csvResponse(rows: unknown[][], filename: string): Response {
	const body = '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
	const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '_');
	return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${safe}"` } });
}
