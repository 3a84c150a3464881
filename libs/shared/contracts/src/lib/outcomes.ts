/** Outcome measures and alerts. Contract: docs/api.md "Outcome measures" and "Alerts". */
import type { InstrumentCode, InstrumentDescription } from '@kap/shared/domain';

export type OutcomeSource = 'clinician' | 'patient' | 'medical_team';

/**
 * An entry of `GET /api/instruments`: the definition without item-level LOINC codes, with the
 * reliable-change threshold in points. The shared domain builds it (`instrumentSummary`), so the
 * contract is that type rather than a second copy of its fields.
 */
export type InstrumentSummary = InstrumentDescription;

export interface RecordOutcomeRequest {
  instrument: InstrumentCode;
  administeredAt: string;
  items: number[] | boolean[];
  source?: OutcomeSource;
  sessionId?: string;
  difficulty?: number;
}

export interface PersonRef {
  id: string;
  displayName: string;
}

export interface Outcome {
  id: string;
  patientId: string;
  instrument: InstrumentCode;
  instrumentVersion: string;
  administeredAt: string;
  items: number[] | boolean[];
  /** Null for the C-SSRS screener; the PEG's is a mean with one decimal. */
  total: number | null;
  /** The band, or the C-SSRS risk level; null where none is published (PEG). */
  severity: string | null;
  subscales: { B: number; C: number; D: number; E: number } | null;
  flags: string[];
  difficulty: number | null;
  source: OutcomeSource;
  sessionId: string | null;
  /** Null for the patient's own answer through a questionnaire link (docs/api.md "Patient self-report"). */
  enteredBy: PersonRef | null;
  createdAt: string;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface VoidOutcomeRequest {
  reason: string;
}

export interface TrendPoint {
  outcomeId: string;
  administeredAt: string;
  /** Null for the C-SSRS screener (categorical: `severity` holds the risk level). */
  total: number | null;
  /** Null where no band is published (PEG). */
  severity: string | null;
  /** Null where there is no baseline arithmetic (C-SSRS screener). */
  changeFromBaseline: number | null;
  reliableChange: 'improved' | 'deteriorated' | 'none';
  response: boolean;
  remission: boolean;
  /** Who gave the score: the chart marks the patient's own reports apart. */
  source: OutcomeSource;
}

export interface TrendEvent {
  at: string;
  kind: 'dosing' | 'medical_follow_up' | 'course_start';
  label: string;
}

export interface OutcomeTrend {
  instrument: InstrumentCode;
  baseline: TrendPoint | null;
  points: TrendPoint[];
  reliableChangeThreshold: number | null;
  reliableChangeSource: string | null;
  events: TrendEvent[];
}

export type AlertSeverity = 'info' | 'warning' | 'urgent';
export type AlertKind =
  | 'suicidality_item_positive'
  | 'cssrs_high_risk'
  | 'cssrs_moderate_risk'
  | 'vitals_out_of_range'
  | 'serious_adverse_event'
  | 'dosing_frequency_exceeded'
  | 'reliable_deterioration'
  | 'cssrs_low_risk'
  | 'dose_outside_plan'
  | 'not_cleared_for_dosing'
  | 'prescription_not_active'
  | 'doses_authorized_exceeded'
  | 'severe_adverse_event';

/** The two sides of the care team; each acknowledges an alert for itself (docs/api.md "Alerts"). */
export type AlertSide = 'practice' | 'medical_team';

export interface AlertAcknowledgement {
  side: AlertSide;
  by: PersonRef;
  at: string;
  action: string | null;
}

export interface Alert {
  id: string;
  patientId: string;
  patientName: string;
  kind: AlertKind;
  severity: AlertSeverity;
  createdAt: string;
  sourceType: 'outcome' | 'session' | 'rule';
  sourceId: string;
  /** A sentence a person can act on: the measure or session, the values and the date. */
  summary: string;
  /** Urgent and left unacknowledged by a side for longer than the organization's `escalateAfterHours`. */
  escalated: boolean;
  /** Every side's acknowledgement, oldest first. */
  acknowledgements: AlertAcknowledgement[];
  /**
   * The sides that still have to acknowledge: the practice, and the medical team while a release
   * of information is valid. Empty when the alert is closed for everyone.
   */
  awaiting: AlertSide[];
  /** `open` until the caller's own side has acknowledged; the three fields below are that side's. */
  status: 'open' | 'acknowledged';
  acknowledgedAt: string | null;
  acknowledgedBy: PersonRef | null;
  action: string | null;
}

export interface AcknowledgeAlertRequest {
  action?: string;
}
