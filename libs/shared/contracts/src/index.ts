export * from './lib/identity';
export * from './lib/http';
