// Remediation with the platform: findings sent through a scoped, expiring link, answered, then verified or reopened.
export * from './cookie';
export * from './moves';
export * from './requests';
export * from './respondent';
export * from './verification';
