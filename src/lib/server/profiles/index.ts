export * from './profiles';
export * from './shipped';
