/**
 * Which access matrix owns which routes. The patients-area matrix covers every route that reaches
 * one patient's record; the practice matrix covers the rest of `/api`. Between them every route
 * the router serves has a row, and a new route without one fails a suite.
 */
export const PATIENT_AREA =
  /^\/api\/(patients|medical-teams|courses|sessions|notes|psychotherapy-notes|status-updates|dashboard|outcomes|alerts\/:id|questionnaire-requests)(\/|$)/;
export const API_DOCS = /^\/api\/docs/;
