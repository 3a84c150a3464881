export * from './lib/interop-module';
