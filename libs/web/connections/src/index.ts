// Only the lazy loader: anything else exported here would be loaded with the app shell.
export * from './lib/connections-pages';
