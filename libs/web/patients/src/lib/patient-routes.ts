import { inject } from '@angular/core';
import type { ResolveFn, Routes } from '@angular/router';
import { AuthStore, roleGuard } from '@kap/web/core';

/** The medical team sees only the patients linked to it, and the page is named so. */
const caseloadTitle: ResolveFn<string> = () =>
  inject(AuthStore).user()?.organizationKind === 'medical_team' ? 'Linked patients' : 'Patients';

/**
 * Mounted under `/patients`. The API scopes every answer to the caller; the role guard only
 * spares a medical-team member a form the API would refuse.
 */
export const patientRoutes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: caseloadTitle,
    loadComponent: () => import('./caseload/caseload-page').then((m) => m.CaseloadPage),
  },
  {
    path: 'new',
    title: 'New patient',
    canActivate: [roleGuard('therapist', 'practice_admin')],
    loadComponent: () => import('./new-patient/new-patient-page').then((m) => m.NewPatientPage),
  },
  // No name in the title: titles end up in the browser's history, like URLs.
  {
    path: ':id',
    title: 'Patient',
    loadComponent: () => import('./patient/patient-page').then((m) => m.PatientPage),
  },
];
