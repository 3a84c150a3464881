// Only the loaders: anything else exported here would be loaded with the app shell.
export * from './lib/session-pages';
