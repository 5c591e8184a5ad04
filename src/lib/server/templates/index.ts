export * from './actions';
export * from './content';
export * from './docs';
export * from './templates';
