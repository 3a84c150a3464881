export * from './lib/outcomes-module';
export * from './lib/alerts/alerts-service';
export * from './lib/alerts/alert-escalation-job';
export * from './lib/alerts/alert-escalation-sql';
export * from './lib/seed/demo-outcomes';
export * from './lib/self-report/questionnaire-plan-job';
