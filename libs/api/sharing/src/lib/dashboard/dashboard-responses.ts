import type {
  AlertSeverity,
  Dashboard,
  DashboardItem,
  DashboardReason,
  DashboardReasonCode,
  StatusUpdateKind,
} from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';

/** Why a patient is on the caller's attention list (docs/api.md "Alerts, care-team updates, dashboard"). */
export class DashboardReasonResponse implements DashboardReason {
  code!: DashboardReasonCode;
  severity!: AlertSeverity;
  /** ISO timestamp or `YYYY-MM-DD` the reason has applied since (or is due on). */
  since!: string;
  /** The measure a `measure_overdue` reason is about. */
  instrument?: InstrumentCode;
  /** The questionnaires a `questionnaire_due` reason's open requests ask for (in code order). */
  instruments?: InstrumentCode[];
  /** What an `unacknowledged_update` reason's update is about (its kind; never its text). */
  updateKind?: StatusUpdateKind;
}

export class DashboardItemResponse implements DashboardItem {
  patientId!: string;
  patientName!: string;
  reasons!: DashboardReasonResponse[];
}

export class DashboardResponse implements Dashboard {
  items!: DashboardItemResponse[];
}
