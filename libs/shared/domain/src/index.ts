export * from './lib/errors/domain-error';
