export * from './lib/identity-module';
export * from './lib/api-keys/machine-routes';
export * from './lib/auth/public-rate-limit';
export * from './lib/auth/session-store';
export * from './lib/members/member-registry';
export * from './lib/password/password-hasher';
export * from './lib/seed/demo-seed';
