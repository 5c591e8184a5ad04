// How findings' words read on the page (browser-safe).
import type { FindingSeverity, FindingStatus } from './vocabulary';

export const SEVERITY_LABELS: Readonly<Record<FindingSeverity, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

export const STATUS_LABELS: Readonly<Record<FindingStatus, string>> = {
	proposed: 'Awaiting triage',
	open: 'Open',
	sent: 'Sent to platform',
	remediated: 'Fix to verify',
	verified: 'Verified',
	accepted: 'Risk accepted',
	dismissed: 'Dismissed'
};

export const EVENT_LABELS: Readonly<Record<string, string>> = {
	proposed: 'Proposed at finalise',
	created: 'Written by hand',
	confirmed: 'Confirmed',
	edited: 'Edited',
	merged: 'Merged',
	dismissed: 'Dismissed',
	sent: 'Sent to the platform',
	responded: 'Platform answered',
	remediated: 'Platform marked it fixed',
	verified: 'Fix verified',
	reopened: 'Reopened',
	accepted: 'Accepted as a risk',
	acceptance_expired: 'Acceptance expired'
};

export const FIELD_LABELS: Readonly<Record<string, string>> = {
	title: 'Title',
	detail: 'Detail',
	severity: 'Severity',
	ownerName: 'Platform owner',
	ownerEmail: 'Platform owner’s email',
	internalOwnerId: 'Internal owner',
	dueOn: 'Due date'
};
