// Findings: weaknesses a platform owes a fix for, followed to closure.
export * from './history';
export * from './portfolio';
export * from './export';
