// A posted form is read strictly: a field the page sends once must arrive
// once, and a field for text must hold text. A field sent twice or a file
// where text belongs is a tampered or broken request; it is refused with the
// field named, never resolved by quietly picking one of the values or by
// reading the file as "[object File]".

export interface FormProblem {
	/** The field's name (cut to 100 characters: names come from the request). */
	field: string;
	message: string;
}

export interface FormShape {
	/** Fields that may carry several values: checkbox groups, multiple selects. */
	lists?: readonly string[];
	/** Fields that carry an uploaded file (text there is left to the action, which asks for a file). */
	files?: readonly string[];
}

export function formProblem(form: FormData, shape: FormShape = {}): FormProblem | null {
	const seen = new Set<string>();
	for (const [name, value] of form) {
		const field = name.slice(0, 100);
		if (typeof value !== 'string' && !shape.files?.includes(name)) return { field, message: 'This field takes text, not a file; submit the form again.' };
		if (shape.lists?.includes(name)) continue;
		if (seen.has(name)) return { field, message: 'This field was sent twice; submit the form again.' };
		seen.add(name);
	}
	return null;
}
