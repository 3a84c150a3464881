import type {
  Alert,
  InstrumentSummary,
  Outcome,
  OutcomeTrend,
  TrendPoint,
  User,
} from '@kap/shared/contracts';
import { INSTRUMENT_CODES, instrumentSummary, scoreOutcome, type InstrumentCode } from '@kap/shared/domain';

/** What `GET /api/instruments` answers: the API builds it with the same shared function. */
export function instrumentSummaries(): InstrumentSummary[] {
  return INSTRUMENT_CODES.map(instrumentSummary);
}

export function instrument(code: InstrumentCode): InstrumentSummary {
  const found = instrumentSummaries().find((i) => i.code === code);
  if (!found) throw new Error(code);
  return found;
}

export const therapistUser: User = {
  id: 'u-therapist',
  email: 'therapist@demo.test',
  displayName: 'Dana Therapist',
  role: 'therapist',
  organizationId: 'org-practice',
  organizationKind: 'practice',
};

export const adminUser: User = {
  ...therapistUser,
  id: 'u-admin',
  displayName: 'Ada Admin',
  role: 'practice_admin',
};

export const patientRecord = {
  id: 'p-1',
  givenName: 'José',
  familyName: 'García',
  preferredName: null,
  dateOfBirth: '1986-04-12',
  age: 40,
  pronouns: 'he/him',
  conditions: ['treatment_resistant_depression'],
  externalRef: null,
  primaryTherapistId: 'u-therapist',
  primaryTherapistName: 'Dana Therapist',
  careTeam: null,
  currentCourse: null,
  medicalStatus: null,
};

export function outcome(
  code: InstrumentCode,
  items: number[] | boolean[],
  administeredAt: string,
  overrides: Partial<Outcome> = {},
): Outcome {
  const scored = scoreOutcome(code, items);
  return {
    id: `o-${administeredAt}`,
    patientId: 'p-1',
    instrument: code,
    instrumentVersion: scored.instrumentVersion,
    administeredAt,
    items: scored.items,
    total: scored.total,
    severity: scored.severity,
    subscales: scored.subscales,
    flags: scored.flags,
    difficulty: null,
    source: 'clinician',
    sessionId: null,
    enteredBy: { id: therapistUser.id, displayName: therapistUser.displayName },
    createdAt: administeredAt,
    voidedAt: null,
    voidReason: null,
    ...overrides,
  };
}

export function point(
  outcomeId: string,
  administeredAt: string,
  total: number,
  severity: string,
  baseline: number,
): TrendPoint {
  const change = total - baseline;
  return {
    outcomeId,
    administeredAt,
    total,
    severity,
    changeFromBaseline: change,
    reliableChange: change <= -6 ? 'improved' : change >= 6 ? 'deteriorated' : 'none',
    response: baseline > 0 && total <= baseline / 2,
    remission: baseline >= 10 && total < 5,
    source: 'clinician',
  };
}

export function phq9Trend(points: TrendPoint[], events: OutcomeTrend['events'] = []): OutcomeTrend {
  return {
    instrument: 'PHQ9',
    baseline: points[0] ?? null,
    points,
    reliableChangeThreshold: 6,
    reliableChangeSource: 'NHS Talking Therapies manual: reliable improvement PHQ-9 ≥ 6 points',
    events,
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a-1',
    patientId: 'p-1',
    patientName: 'José García',
    kind: 'suicidality_item_positive',
    severity: 'urgent',
    createdAt: '2026-11-25T09:30:00.000Z',
    sourceType: 'outcome',
    sourceId: 'o-1',
    summary: 'PHQ-9 item 9 (thoughts of self-harm) answered 2 on 25 Nov 2026',
    escalated: false,
    acknowledgements: [],
    awaiting: ['practice', 'medical_team'],
    status: 'open',
    acknowledgedAt: null,
    acknowledgedBy: null,
    action: null,
    ...overrides,
  };
}
