export * from './lib/patients-module';
export * from './lib/access/patient-access';
export * from './lib/seed/demo-patients';
export * from './lib/medical-status/medical-status-mapper';
export * from './lib/access/practice-time-zone';
// OpenAPI shapes other areas' answers embed (the follow-up packet).
export { VitalsLimitsBody } from './lib/courses/course-requests';
export { CourseResponse } from './lib/courses/course-responses';
export { MedicalStatusResponse } from './lib/medical-status/medical-status-responses';
