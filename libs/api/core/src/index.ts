export * from './lib/api-core.module';
