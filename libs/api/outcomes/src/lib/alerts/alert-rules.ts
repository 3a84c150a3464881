import type { AlertKind, AlertSeverity } from '@kap/shared/contracts';
import type { InstrumentCode, OutcomeFlag, ScoreAlertKind } from '@kap/shared/domain';

/** Score flags that raise an alert, and how urgent it is (docs/api.md "Alerts", docs/requirements.md "Instruments"). */
export const FLAG_ALERTS: Partial<
  Record<OutcomeFlag, { kind: AlertKind & ScoreAlertKind; severity: AlertSeverity }>
> = {
  suicidality_item_positive: { kind: 'suicidality_item_positive', severity: 'urgent' },
  cssrs_high_risk: { kind: 'cssrs_high_risk', severity: 'urgent' },
  cssrs_moderate_risk: { kind: 'cssrs_moderate_risk', severity: 'warning' },
  // A "yes" to thoughts of killing oneself always reaches a person (docs/requirements.md "Instruments").
  cssrs_low_risk: { kind: 'cssrs_low_risk', severity: 'warning' },
  reliable_deterioration: { kind: 'reliable_deterioration', severity: 'warning' },
};

/** Instruments whose reliable deterioration from baseline raises a warning. */
export const WATCHED_FOR_DETERIORATION: readonly InstrumentCode[] = ['PHQ9', 'GAD7', 'PCL5'];
