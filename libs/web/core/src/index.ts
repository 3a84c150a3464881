// Pages and their helpers (role labels, idempotency keys) are deliberately not exported: the
// app reaches pages through `lazyPages`, and anything exported here lands in the initial bundle.
export * from './lib/auth/auth-store';
export * from './lib/auth/auth-guards';
export * from './lib/auth/session-expired-interceptor';
export * from './lib/errors/error-message';
export * from './lib/navigation/page-title-strategy';
export * from './lib/navigation/navigation-focus';
export * from './lib/lazy-pages';
