// What the patient page shares with its sections from other libraries, as an entry point of its
// own: esbuild loads every file the `@kap/web/core` barrel re-exports with the app's first page,
// used or not. Imported from here, it loads with the patient page.
export * from './lib/care-team/open-patient-care-team';
