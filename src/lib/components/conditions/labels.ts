// How findings and conditions read, the same on every page that shows them.
import type { FindingSeverity, FindingStatus } from '$lib/findings/vocabulary';

export const SEVERITY_LABELS: Record<FindingSeverity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
export const SEVERITY_TONES: Record<FindingSeverity, string> = { critical: 'danger', high: 'danger', medium: 'warn', low: '' };
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
	proposed: 'Proposed',
	open: 'Open',
	sent: 'Sent to the platform',
	remediated: 'Answered: verify',
	verified: 'Verified',
	accepted: 'Risk accepted',
	dismissed: 'Dismissed'
};
