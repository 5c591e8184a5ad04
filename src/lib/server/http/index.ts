export * from './csv';
export * from './guard';
export * from './headers';
export * from './policy';
export * from './refusal';
export * from './safe-redirect';
export * from './refused';
export * from './link';
