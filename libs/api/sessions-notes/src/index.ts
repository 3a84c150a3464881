export * from './lib/sessions-notes-module';
export * from './lib/seed/demo-sessions';
