export * from './audit';
export * from './canonical-json';
