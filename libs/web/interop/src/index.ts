// Only the lazy loaders: anything else exported here would be loaded with the app shell.
export * from './lib/interop-pages';
