import type { Condition } from './patients';
import type { CoursePhase, DosePlan, VitalsLimits } from './courses';
import type {
  AdverseEvent,
  BoosterRecord,
  DosingRecord,
  SessionKind,
  SessionSetting,
  VitalsReadingRecord,
} from './sessions';
import type { AlertKind, AlertSeverity, PersonRef } from './outcomes';
import type { MedicalStatus } from './care-team';
import type { InstrumentCode } from '@kap/shared/domain';

/** Contract: docs/api.md "Alerts, care-team updates, dashboard". */
export const STATUS_UPDATE_KINDS = [
  'session_summary',
  'safety_concern',
  'request_review',
  'eligibility',
  'prescription',
  'follow_up',
  'general',
] as const;
export type StatusUpdateKind = (typeof STATUS_UPDATE_KINDS)[number];

export const STATUS_UPDATE_URGENCIES = ['routine', 'soon', 'urgent'] as const;
export type StatusUpdateUrgency = (typeof STATUS_UPDATE_URGENCIES)[number];

/** Which side of the care team wrote an update: the practice (therapist) or the medical team. */
export type CareTeamSide = 'practice' | 'medical_team';

export interface StatusUpdateInclude {
  sessionIds?: string[];
  outcomeIds?: string[];
  noteIds?: string[];
}

export interface CreateStatusUpdateRequest {
  kind: StatusUpdateKind;
  urgency: StatusUpdateUrgency;
  body: string;
  include?: StatusUpdateInclude;
}

/** A session as the medical team may see it: facts and the dose record, no notes. */
export interface SharedSession {
  id: string;
  kind: SessionKind;
  occurredAt: string;
  durationMinutes: number;
  setting: SessionSetting;
  dosing: DosingRecord | null;
  documentationComplete: boolean | null;
  documentationMissing: string[];
}

export interface SharedOutcome {
  id: string;
  instrument: string;
  administeredAt: string;
  total: number | null;
  /** Null where the instrument has no bands (PEG). */
  severity: string | null;
  flags: string[];
  voided: boolean;
}

/** A signed note shared with the medical team, with its addenda. */
export interface SharedNote {
  id: string;
  kind: string;
  sessionId: string | null;
  signedAt: string;
  body: string;
  addenda: { body: string; reason: string; createdAt: string }[];
}

export interface StatusUpdate {
  id: string;
  patientId: string;
  medicalTeamId: string;
  from: CareTeamSide;
  kind: StatusUpdateKind;
  urgency: StatusUpdateUrgency;
  body: string;
  author: PersonRef;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: PersonRef | null;
  /** The ids as attached. */
  include: { sessionIds: string[]; outcomeIds: string[]; noteIds: string[] };
  /** The attached items as the medical team may see them (archived items drop out). */
  included: { sessions: SharedSession[]; outcomes: SharedOutcome[]; notes: SharedNote[] };
}

export interface UnreadCounts {
  total: number;
  byPatient: { patientId: string; count: number }[];
}

export type DisclosureSource = 'status_update' | 'follow_up_packet' | 'export';

/** One entry of the accounting of disclosures: when, by whom, to whom, what, why. */
export interface Disclosure {
  id: string;
  patientId: string;
  disclosedAt: string;
  disclosedBy: PersonRef;
  recipient: { organizationId: string; name: string };
  source: DisclosureSource;
  statusUpdateId: string | null;
  what: { categories: string[]; sessionIds: string[]; outcomeIds: string[]; noteIds: string[] };
  purpose: string;
}

export interface PacketVitals extends VitalsReadingRecord {
  /** Which values of the reading lie outside the course's `vitalsLimits` (above a maximum or below a minimum). */
  outOfRange: ('systolic' | 'diastolic' | 'heart_rate' | 'spo2')[];
}

export interface PacketDosingSession {
  id: string;
  occurredAt: string;
  route: string;
  doseMg: number;
  doseLabel: string;
  booster: BoosterRecord | null;
  vitals: PacketVitals[];
  /** The limits the readings were judged against (the session's course, else the current one). */
  vitalsLimits: VitalsLimits | null;
  adverseEvents: AdverseEvent[] | null;
  documentationComplete: boolean;
  documentationMissing: string[];
}

export interface PacketScore {
  instrument: string;
  outcomeId: string;
  administeredAt: string;
  total: number | null;
  /** Null where the instrument has no bands (PEG). */
  severity: string | null;
  baselineTotal: number | null;
  changeFromBaseline: number | null;
  reliableChange: 'improved' | 'deteriorated' | 'none' | null;
}

export interface PacketAlert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  createdAt: string;
}

export interface PacketQuestion {
  statusUpdateId: string;
  urgency: StatusUpdateUrgency;
  body: string;
  createdAt: string;
}

export interface FollowUpPacket {
  patientId: string;
  patientName: string;
  generatedAt: string;
  /** `YYYY-MM-DD`: the packet covers what happened on or after this day. */
  since: string;
  course: {
    id: string;
    indication: Condition;
    phase: CoursePhase;
    startedOn: string;
    plannedDosingSessions: number | null;
    dosePlan: DosePlan | null;
    vitalsLimits: VitalsLimits | null;
  } | null;
  medicalStatus: MedicalStatus | null;
  dosingSessions: PacketDosingSession[];
  scores: PacketScore[];
  openAlerts: PacketAlert[];
  openQuestions: PacketQuestion[];
}

export interface SendFollowUpPacketRequest {
  note?: string;
}

export const DASHBOARD_REASON_CODES = [
  // An urgent alert a side has left unacknowledged past its organization's escalateAfterHours: leads every list.
  'alert_escalated',
  'open_alert',
  'integration_due',
  'follow_up_due',
  'documentation_incomplete',
  'measure_overdue',
  // A questionnaire the course's measurement plan made due, not yet answered (docs/api.md "Patient self-report").
  'questionnaire_due',
  'unacknowledged_update',
  'release_expiring',
] as const;
export type DashboardReasonCode = (typeof DASHBOARD_REASON_CODES)[number];

export interface DashboardReason {
  code: DashboardReasonCode;
  severity: AlertSeverity;
  /** ISO timestamp or `YYYY-MM-DD` the reason has applied since (or is due on). */
  since: string;
  /** The measure a `measure_overdue` reason is about. */
  instrument?: InstrumentCode;
  /** The questionnaires a `questionnaire_due` reason's open requests ask for (in code order). */
  instruments?: InstrumentCode[];
  /** What an `unacknowledged_update` reason's update is about (its kind; never its text). */
  updateKind?: StatusUpdateKind;
}

export interface DashboardItem {
  patientId: string;
  patientName: string;
  reasons: DashboardReason[];
}

export interface Dashboard {
  items: DashboardItem[];
}
