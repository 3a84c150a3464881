import type {
  DashboardItem,
  DashboardReason,
  Disclosure,
  FollowUpPacket,
  Note,
  Outcome,
  PacketDosingSession,
  Session,
  StatusUpdate,
} from '@kap/shared/contracts';

export function reason(overrides: Partial<DashboardReason> = {}): DashboardReason {
  return { code: 'open_alert', severity: 'urgent', since: '2026-11-24T09:30:00.000Z', ...overrides };
}

export function dashboardItem(overrides: Partial<DashboardItem> = {}): DashboardItem {
  return { patientId: 'p-1', patientName: 'José García', reasons: [reason()], ...overrides };
}

export function dosingSession(overrides: Partial<PacketDosingSession> = {}): PacketDosingSession {
  return {
    id: 's-1',
    occurredAt: '2026-11-20T10:00:00.000Z',
    route: 'sublingual',
    doseMg: 200,
    doseLabel: 'standard',
    booster: null,
    vitals: [
      {
        at: '2026-11-20T10:00:00.000Z',
        phase: 'pre',
        systolic: 128,
        diastolic: 82,
        heartRate: 74,
        spo2: 98,
        outOfRange: [],
      },
      {
        at: '2026-11-20T10:40:00.000Z',
        phase: 'mid',
        systolic: 172,
        diastolic: 96,
        heartRate: 88,
        spo2: null,
        outOfRange: ['systolic'],
      },
    ],
    vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 110 },
    adverseEvents: [],
    documentationComplete: true,
    documentationMissing: [],
    ...overrides,
  };
}

export function packet(overrides: Partial<FollowUpPacket> = {}): FollowUpPacket {
  return {
    patientId: 'p-1',
    patientName: 'José García',
    generatedAt: '2026-11-25T12:00:00.000Z',
    since: '2026-11-01',
    course: {
      id: 'c-1',
      indication: 'depression',
      phase: 'dosing',
      startedOn: '2026-10-15',
      plannedDosingSessions: 6,
      dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
      vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 110 },
    },
    medicalStatus: null,
    dosingSessions: [dosingSession()],
    scores: [
      {
        instrument: 'PHQ9',
        outcomeId: 'o-1',
        administeredAt: '2026-11-22T09:00:00.000Z',
        total: 9,
        severity: 'mild',
        baselineTotal: 18,
        changeFromBaseline: -9,
        reliableChange: 'improved',
      },
    ],
    openAlerts: [
      { id: 'a-1', kind: 'vitals_out_of_range', severity: 'warning', createdAt: '2026-11-20T10:41:00.000Z' },
    ],
    openQuestions: [
      {
        statusUpdateId: 'u-1',
        urgency: 'soon',
        body: 'Should the dose stay at 200 mg?',
        createdAt: '2026-11-21T08:00:00.000Z',
      },
    ],
    ...overrides,
  };
}

export function statusUpdate(overrides: Partial<StatusUpdate> = {}): StatusUpdate {
  return {
    id: 'u-1',
    patientId: 'p-1',
    medicalTeamId: 'team-1',
    from: 'practice',
    kind: 'request_review',
    urgency: 'soon',
    body: 'Should the dose stay at 200 mg?',
    author: { id: 'user-t', displayName: 'Sam Okafor, LCSW' },
    createdAt: '2026-11-21T08:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    include: { sessionIds: [], outcomeIds: [], noteIds: [] },
    included: { sessions: [], outcomes: [], notes: [] },
    ...overrides,
  };
}

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 's-1',
    patientId: 'p-1',
    courseId: 'c-1',
    kind: 'dosing',
    occurredAt: '2026-11-20T10:00:00.000Z',
    durationMinutes: 150,
    setting: 'in_person',
    dosing: {
      route: 'sublingual',
      doseLabel: 'full_dissociative',
      doseMg: 200,
      booster: null,
      vitals: [
        {
          at: '2026-11-20T09:50:00.000Z',
          phase: 'pre',
          systolic: 124,
          diastolic: 80,
          heartRate: 74,
          spo2: 98,
        },
      ],
      chaperone: null,
      adverseEvents: null,
    },
    warnings: [],
    documentationComplete: false,
    documentationMissing: ['post_vitals', 'adverse_events', 'signed_note'],
    integrationDueOn: null,
    recordedBy: { id: 'user-t', displayName: 'Sam Okafor, LCSW' },
    version: 1,
    createdAt: '2026-11-20T13:00:00.000Z',
    updatedAt: '2026-11-20T13:00:00.000Z',
    ...overrides,
  };
}

export function outcome(overrides: Partial<Outcome> = {}): Outcome {
  return {
    id: 'o-1',
    patientId: 'p-1',
    instrument: 'PHQ9',
    instrumentVersion: '1',
    administeredAt: '2026-11-22T09:00:00.000Z',
    items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    total: 8,
    severity: 'mild',
    subscales: null,
    flags: [],
    difficulty: null,
    source: 'clinician',
    sessionId: null,
    enteredBy: { id: 'user-t', displayName: 'Sam Okafor, LCSW' },
    createdAt: '2026-11-22T09:00:00.000Z',
    voidedAt: null,
    voidReason: null,
    ...overrides,
  };
}

export function note(overrides: Partial<Note> = {}): Note {
  return {
    id: 'n-1',
    patientId: 'p-1',
    kind: 'integration',
    sessionId: 's-1',
    body: 'Integration: calm, slept well.',
    shareWithMedicalTeam: true,
    status: 'signed',
    signedAt: '2026-11-21T12:00:00.000Z',
    author: { id: 'user-t', displayName: 'Sam Okafor, LCSW' },
    addenda: [],
    version: 2,
    createdAt: '2026-11-21T11:00:00.000Z',
    updatedAt: '2026-11-21T12:00:00.000Z',
    ...overrides,
  };
}

export function disclosure(overrides: Partial<Disclosure> = {}): Disclosure {
  return {
    id: 'd-1',
    patientId: 'p-1',
    disclosedAt: '2026-11-21T08:00:00.000Z',
    disclosedBy: { id: 'user-t', displayName: 'Sam Okafor, LCSW' },
    recipient: { organizationId: 'team-1', name: 'Northstar Medical Team' },
    source: 'status_update',
    statusUpdateId: 'u-1',
    what: {
      categories: ['message', 'session_records'],
      sessionIds: ['s-1', 's-2'],
      outcomeIds: [],
      noteIds: [],
    },
    purpose: 'care coordination: request_review',
    ...overrides,
  };
}
