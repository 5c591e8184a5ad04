// "My work": each role's queues, computed from the database, read-only.
export { countFor, workFor } from './queue';
export { EXPIRY_WARNING_MS } from './assessments';
export { SECURITY_WINDOW_MS } from './security';
export type { Queue, QueueKind, WorkItem, Worker } from './types';
