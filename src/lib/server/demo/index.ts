export * from './answers';
export * from './demo';
export * from './notes';
export * from './portfolio';
export * from './profiles';
export * from './review';
export * from './self-assessments';
