/**
 * Loaders for the session and note pages and the patient page's sections. Only these dynamic
 * imports cross the barrel, so the pages, the route tables and Angular Material stay lazy.
 */
export const loadPatientSessionRoutes = () => import('./session-routes').then((m) => m.patientSessionRoutes);
export const loadPatientNoteRoutes = () => import('./session-routes').then((m) => m.patientNoteRoutes);
export const loadNoteRoutes = () => import('./session-routes').then((m) => m.noteRoutes);

/** Sections the patient page shows, loaded when it renders (`NgComponentOutlet`). */
export const sessionSections = {
  timeline: () => import('./timeline/patient-timeline').then((m) => m.PatientTimeline),
  psychotherapyNotes: () =>
    import('./psychotherapy/psychotherapy-notes-section').then((m) => m.PsychotherapyNotesSection),
};
