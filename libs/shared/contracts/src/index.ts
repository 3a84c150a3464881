export * from './lib/identity';
export * from './lib/http';
export * from './lib/patients';
export * from './lib/care-team';
export * from './lib/courses';
export * from './lib/outcomes';
export * from './lib/sessions';
export * from './lib/notes';
