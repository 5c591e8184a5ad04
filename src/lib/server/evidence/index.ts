export * from './evidence';
export * from './store';
