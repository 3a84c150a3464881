// TEMPORARY: the core library was split into platform, audit and identity; this barrel keeps
// `@kap/api/core` imports compiling until they are changed to the three libraries.
export * from '@kap/api/platform';
export * from '@kap/api/audit';
export * from '@kap/api/identity';
