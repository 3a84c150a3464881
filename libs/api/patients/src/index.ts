export * from './lib/patients-module';
export * from './lib/access/patient-access';
export * from './lib/seed/demo-patients';
export * from './lib/medical-status/medical-status-mapper';
export * from './lib/access/practice-time-zone';
