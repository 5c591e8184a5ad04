export * from './platforms';
export * from './query';
