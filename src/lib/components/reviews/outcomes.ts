// How a vote or decision reads, the same on the review page, memo and export.
export const OUTCOME_LABELS = { approve: 'Approve', conditional: 'Approve with conditions', reject: 'Reject' } as const;
export const OUTCOME_TONES = { approve: 'ok', conditional: 'warn', reject: 'danger' } as const;
