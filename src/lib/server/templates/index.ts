export * from './actions';
export * from './content';
export * from './docs';
export * from './documents';
export * from './library';
export * from './versions';
