import type { Routes } from '@angular/router';
import { roleGuard } from '@kap/web/core';
import { unsavedChangesGuard } from './notes/unsaved-changes-guard';

/**
 * Mounted under `/patients/:id/sessions` and `/patients/:id/notes`. Writing sessions and notes is
 * the therapist's (docs/api.md); the API enforces it too.
 */
export const patientSessionRoutes: Routes = [
  {
    path: 'new',
    title: 'Log a session',
    canActivate: [roleGuard('therapist')],
    loadComponent: () => import('./log-session/log-session-page').then((m) => m.LogSessionPage),
  },
  {
    path: ':sessionId/edit',
    title: 'Complete documentation',
    canActivate: [roleGuard('therapist')],
    loadComponent: () =>
      import('./complete-documentation/complete-documentation-page').then((m) => m.CompleteDocumentationPage),
  },
  {
    // The care team reads a session; the API answers each side what it may see (404 otherwise).
    path: ':sessionId',
    title: 'Session',
    canActivate: [roleGuard('therapist', 'prescriber', 'care_coordinator')],
    loadComponent: () => import('./session-page/session-page').then((m) => m.SessionPage),
  },
];

export const patientNoteRoutes: Routes = [
  {
    path: 'new',
    title: 'Write a note',
    canActivate: [roleGuard('therapist')],
    canDeactivate: [unsavedChangesGuard],
    loadComponent: () => import('./notes/note-editor-page').then((m) => m.NoteEditorPage),
  },
];

/** Mounted under `/notes`. */
export const noteRoutes: Routes = [
  {
    path: ':noteId',
    title: 'Note',
    canDeactivate: [unsavedChangesGuard],
    loadComponent: () => import('./notes/note-editor-page').then((m) => m.NoteEditorPage),
  },
];
