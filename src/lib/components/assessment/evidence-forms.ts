// The ids of the evidence forms of a question, shared by the fields (which
// name their form) and the forms themselves (placed after the answer form).
export function evidenceFormIds(questionId: string) {
	return { upload: `upload-${questionId}`, link: `link-${questionId}`, remove: 'remove-evidence' };
}
