export * from './lib/sharing-module';
