export * from './changes';
export * from './export';
export * from './page';
export * from './pinning';
export * from './reviews';
export * from './rules';
