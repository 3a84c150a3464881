// The patient page's self-report sections, through an entry point of their own: exported from the
// barrel, which the app's routes import, the loaders would sit in the initial bundle (at its 300 kB
// budget). From here they load with the patient page only.
export * from './lib/self-report-sections';
