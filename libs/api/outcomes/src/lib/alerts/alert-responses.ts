import { PersonRefResponse } from '@kap/api/platform';
import type {
  Alert,
  AlertAcknowledgement,
  AlertKind,
  AlertSeverity,
  AlertSide,
  Page,
} from '@kap/shared/contracts';

/** One side's acknowledgement (docs/api.md "Alerts"). */
export class AlertAcknowledgementResponse implements AlertAcknowledgement {
  side!: AlertSide;
  by!: PersonRefResponse;
  at!: string;
  action!: string | null;
}

/** An alert as the caller's side sees it (docs/api.md "Alerts"). */
export class AlertResponse implements Alert {
  id!: string;
  patientId!: string;
  patientName!: string;
  kind!: AlertKind;
  severity!: AlertSeverity;
  createdAt!: string;
  sourceType!: 'outcome' | 'session' | 'rule';
  sourceId!: string;
  /** A sentence a person can act on: the measure or session, the values and the date. */
  summary!: string;
  /** Urgent and left unacknowledged by a side for longer than the organization's `escalateAfterHours`. */
  escalated!: boolean;
  /** Every side's acknowledgement, oldest first. */
  acknowledgements!: AlertAcknowledgementResponse[];
  /** The sides that still have to acknowledge; empty when the alert is closed for everyone. */
  awaiting!: AlertSide[];
  /** `open` until the caller's own side has acknowledged; the three fields below are that side's. */
  status!: 'open' | 'acknowledged';
  acknowledgedAt!: string | null;
  acknowledgedBy!: PersonRefResponse | null;
  action!: string | null;
}

export class AlertPage implements Page<Alert> {
  items!: AlertResponse[];
  nextCursor!: string | null;
}
