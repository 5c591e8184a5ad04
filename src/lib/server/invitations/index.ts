export * from './invitations';
export * from './respondent-cookie';
