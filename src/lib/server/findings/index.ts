// Findings: weaknesses a platform owes a fix for, followed to closure.
// Proposed at finalise, triaged by analysts, accepted as risks until an
// expiry; other modules (remediation, conditions) move them through
// moveFinding and read them through listForPlatform.
export * from './history';
export * from './findings';
export * from './proposals';
export * from './triage';
export * from './acceptance';
export * from './read';
export * from './portfolio';
export * from './export';
