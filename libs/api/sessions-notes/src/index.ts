export * from './lib/sessions-notes-module';
export * from './lib/seed/demo-sessions';
// OpenAPI shapes other areas' answers embed (shared sessions, the follow-up packet).
export {
  AdverseEventBody,
  BoosterBody,
  DosingBody,
  VitalsReadingBody,
} from './lib/sessions/session-requests';
