export * from './evidence';
export * from './store';
export * from './waivers';
export * from './download';
