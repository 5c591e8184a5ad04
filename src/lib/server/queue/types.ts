// What a queue holds, as the page and the navigation badge read it.
export type QueueKind =
	| 'drafts'
	| 'to-finalise'
	| 'to-verify'
	| 'clarifications'
	| 'invitations'
	| 'reviews-to-decide'
	| 'reviews-to-vote'
	| 'locked-accounts'
	| 'security-events'
	| 'findings-due'
	| 'findings-to-verify'
	| 'acceptances-ending'
	| 'conditions-due';

export interface WorkItem {
	/** Unique within its queue. */
	key: string;
	/** Where the work is done. */
	href: string;
	title: string;
	/** Why it is in the queue: "submitted by Bea Analyst 2 days ago". */
	why: string;
	/** Past a due date or about to lapse. */
	urgent: boolean;
}

export interface Queue {
	kind: QueueKind;
	title: string;
	/** Said when the queue is empty. */
	empty: string;
	items: WorkItem[];
	/** Whether its items count in the navigation badge: security events are for reading, not doing. */
	counted: boolean;
}

/** Whose work: the signed-in user. */
export interface Worker {
	id: number;
	role: 'admin' | 'analyst' | 'committee';
}
