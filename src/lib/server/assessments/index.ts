export * from './answer-form';
export * from './answers';
export * from './assessments';
export * from './create';
export * from './states';
export * from './verification';
