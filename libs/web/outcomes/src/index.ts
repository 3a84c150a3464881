// Only the page loaders and the trend route's resolver loader: anything else exported here would
// be loaded with the app shell (esbuild places every file the barrel re-exports in the initial
// bundle, which is at its 300 kB budget).
export * from './lib/outcome-pages';
