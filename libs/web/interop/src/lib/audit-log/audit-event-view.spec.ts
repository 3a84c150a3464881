import type { AuditEventItem } from '@kap/shared/contracts';
import { auditRow, localDayEnd, localDayStart } from './audit-event-view';

const event = (overrides: Partial<AuditEventItem> = {}): AuditEventItem => ({
  id: 'e-1',
  at: '2026-11-25T14:03:07.000Z',
  actorId: 'u-1',
  action: 'patient.read',
  entityType: 'patient',
  entityId: 'p-1',
  patientId: 'p-1',
  outcome: 'success',
  requestId: 'r-1',
  ip: '10.0.0.1',
  ...overrides,
});

const names = { people: new Map([['u-1', 'Dana Whitfield']]), patients: new Map([['p-1', 'Ada Lovelace']]) };

describe('auditRow', () => {
  it.each([
    [{}, { who: 'Dana Whitfield', patient: 'Ada Lovelace', outcome: 'Done', refused: false }],
    [{ outcome: 'denied' as const }, { outcome: 'Refused', refused: true }],
    [{ outcome: 'failure' as const }, { outcome: 'Failed', refused: true }],
    [{ actorId: 'u-9' }, { who: 'Outside the practice (u-9)' }],
    [{ actorId: null }, { who: 'Nobody signed in' }],
    [{ patientId: null }, { patient: '—' }],
    [{ patientId: 'p-9' }, { patient: 'p-9' }],
    [{ requestId: null, ip: null }, { requestId: '—', ip: '—' }],
  ])('%j → %j', (overrides, expected) => {
    expect(auditRow(event(overrides), names)).toMatchObject(expected);
  });

  it('keeps the machine-readable time for <time datetime>', () => {
    expect(auditRow(event(), names).datetime).toBe('2026-11-25T14:03:07.000Z');
  });
});

describe('local days as inclusive instants', () => {
  it('runs from local midnight through the last millisecond of the day', () => {
    const start = Date.parse(localDayStart('2026-03-29'));
    const end = Date.parse(localDayEnd('2026-03-29'));
    expect(new Date(start).getDate()).toBe(29);
    expect(new Date(start).getHours()).toBe(0);
    expect(new Date(end).getDate()).toBe(29);
    expect(new Date(end + 1).getDate()).toBe(30);
    expect(new Date(end + 1).getHours()).toBe(0);
  });
});
