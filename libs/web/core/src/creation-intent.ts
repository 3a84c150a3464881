// An entry point of its own, like the calendar's: exported from the `@kap/web/core` barrel, which
// the first page loads, the creating pages' retry key would go into the initial bundle with it.
export * from './lib/http/creation-intent';
