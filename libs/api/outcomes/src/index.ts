export * from './lib/outcomes-module';
export * from './lib/alerts/alerts-service';
export * from './lib/seed/demo-outcomes';
