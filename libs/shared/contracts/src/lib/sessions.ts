/** Sessions and the dosing record. Contract: docs/api.md "Treatment courses and sessions" (session rows). */
import type {
  AdverseEventSeverity,
  DocumentationGap,
  DoseLabel,
  SessionKind,
  SessionSetting,
  SessionWarning,
  VitalsPhase,
} from '@kap/shared/domain';
import type { AdministrationRoute } from './care-team';
import type { PersonRef } from './outcomes';

export {
  ADVERSE_EVENT_SEVERITIES,
  DOCUMENTATION_GAPS,
  DOSE_LABELS,
  SESSION_KINDS,
  SESSION_SETTINGS,
  SESSION_WARNINGS,
  VITALS_PHASES,
} from '@kap/shared/domain';
export type {
  AdverseEventSeverity,
  DocumentationGap,
  DoseLabel,
  SessionKind,
  SessionSetting,
  SessionWarning,
  VitalsPhase,
} from '@kap/shared/domain';

export interface VitalsReadingRecord {
  /** ISO-8601 instant of the reading. */
  at: string;
  phase: VitalsPhase;
  systolic: number;
  diastolic: number;
  heartRate: number;
  spo2?: number | null;
}

export interface BoosterRecord {
  doseMg: number;
  at: string;
}

export interface ChaperoneCheck {
  at: string;
  ok: boolean;
  note?: string | null;
}

export interface Chaperone {
  name: string;
  checks?: ChaperoneCheck[];
}

export interface AdverseEvent {
  /** From the checklist (`ADVERSE_EVENT_TYPES`), or `other`. */
  type: string;
  severity: AdverseEventSeverity;
  reportedToOnCallAt?: string | null;
  action?: string | null;
}

/** The checklist the form offers; `type` is free text beyond it. */
export const ADVERSE_EVENT_TYPES = [
  'nausea',
  'vomiting',
  'dizziness',
  'headache',
  'elevated_blood_pressure',
  'tachycardia',
  'anxiety_or_panic',
  'confusion',
  'dissociation_distress',
  'fall_or_injury',
  'respiratory_depression',
  'other',
] as const;

/**
 * The structured record of a dosing session. `adverseEvents` is the answer to "any adverse
 * events?": an empty list means none; absent/null means not answered yet (documentation gap).
 */
export interface DosingRecord {
  route: AdministrationRoute;
  doseLabel: DoseLabel;
  doseMg: number;
  booster?: BoosterRecord | null;
  vitals: VitalsReadingRecord[];
  chaperone?: Chaperone | null;
  adverseEvents?: AdverseEvent[] | null;
}

export interface CreateSessionRequest {
  kind: SessionKind;
  occurredAt: string;
  durationMinutes: number;
  setting: SessionSetting;
  courseId?: string | null;
  /** Required when `kind` is `dosing`, refused otherwise. */
  dosing?: DosingRecord | null;
}

/** Any subset of the create body; `If-Match` required. */
export type UpdateSessionRequest = Partial<CreateSessionRequest>;

export interface Session {
  id: string;
  patientId: string;
  courseId: string | null;
  kind: SessionKind;
  occurredAt: string;
  durationMinutes: number;
  setting: SessionSetting;
  dosing: DosingRecord | null;
  /** Course rules the session broke when it was recorded or last changed. */
  warnings: SessionWarning[];
  /** Dosing sessions only (null for other kinds). */
  documentationComplete: boolean | null;
  documentationMissing: DocumentationGap[];
  /** Dosing sessions only: the day an integration session is due, null once one took place. */
  integrationDueOn: string | null;
  recordedBy: PersonRef;
  version: number;
  createdAt: string;
  updatedAt: string;
}
