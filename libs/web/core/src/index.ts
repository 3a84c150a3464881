// Pages and their helpers (role labels) are deliberately not exported: the app reaches pages
// through `lazyPages`, and a page exported here would land in the initial bundle. Small helpers in
// files of their own (the idempotency key) are fine: esbuild splits by file, so they go into the
// lazy chunks of the feature pages that use them.
export * from './lib/auth/auth-store';
export * from './lib/auth/auth-guards';
export * from './lib/auth/session-expired-interceptor';
export * from './lib/errors/error-message';
export * from './lib/http/idempotency-key';
export * from './lib/care-team/unread-updates-loader';
export * from './lib/navigation/page-title-strategy';
export * from './lib/navigation/navigation-focus';
export * from './lib/lazy-pages';
// The calendar's settings are a few lines (the AuthStore's, in the initial bundle); its formats
// are `@kap/web/core/calendar` (src/calendar.ts), so they load with the first lazy page that writes
// a date.
export * from './lib/organization/clinic-calendar-settings';
