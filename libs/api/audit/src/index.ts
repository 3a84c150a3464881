export * from './lib/audit-module';
export * from './lib/audit-log';
export * from './lib/audit-chain';
export * from './lib/audit-checkpoint-job';
export * from './lib/audit-checkpoints';
