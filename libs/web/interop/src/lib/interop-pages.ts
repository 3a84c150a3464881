/** The patient page's export section, loaded when that page renders (created by hand, see the page). */
export const interopSections = {
  fhirExport: () => import('./fhir-export/fhir-export-section').then((m) => m.FhirExportSection),
};

/** The practice admin's audit log, for the app's route table. */
export const interopPages = {
  auditLog: () => import('./audit-log/audit-log-page').then((m) => m.AuditLogPage),
};
