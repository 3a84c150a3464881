/**
 * The patient routes, for `loadChildren` under `/patients`. Only this dynamic import crosses the
 * barrel, so the route table, the pages and Angular Material all stay out of the initial bundle.
 */
export const loadPatientRoutes = () => import('./patient-routes').then((m) => m.patientRoutes);
