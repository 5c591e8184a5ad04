export * from './invitations';
export * from './respondent';
export * from './respondent-cookie';
