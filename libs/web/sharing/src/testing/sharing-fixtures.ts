import type { DashboardItem, DashboardReason, FollowUpPacket, PacketDosingSession } from '@kap/shared/contracts';

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
      { at: '2026-11-20T10:00:00.000Z', phase: 'pre', systolic: 128, diastolic: 82, heartRate: 74, spo2: 98, outOfRange: [] },
      { at: '2026-11-20T10:40:00.000Z', phase: 'mid', systolic: 172, diastolic: 96, heartRate: 88, spo2: null, outOfRange: ['systolic'] },
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
    openAlerts: [{ id: 'a-1', kind: 'vitals_out_of_range', severity: 'warning', createdAt: '2026-11-20T10:41:00.000Z' }],
    openQuestions: [{ statusUpdateId: 'u-1', urgency: 'soon', body: 'Should the dose stay at 200 mg?', createdAt: '2026-11-21T08:00:00.000Z' }],
    ...overrides,
  };
}
