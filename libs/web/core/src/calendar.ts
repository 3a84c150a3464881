// The clinic calendar's formats, as an entry point of their own. The app's first page reaches the
// `@kap/web/core` barrel (the AuthStore, the guards), and esbuild loads every file the barrel
// re-exports with it, used or not: exported from here, the formats (2 kB) load with the first lazy
// page that writes a date instead of with the initial bundle.
export * from './lib/organization/clinic-calendar';
export * from './lib/organization/clinic-calendar-settings';
