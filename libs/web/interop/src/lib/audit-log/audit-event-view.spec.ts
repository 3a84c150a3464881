import type { AuditEventItem } from '@kap/shared/contracts';
import { setClinicTimeZone } from '@kap/web/core';
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
    [
      { requestId: null, ip: null },
      { requestId: '—', ip: '—' },
    ],
  ])('%j → %j', (overrides, expected) => {
    expect(auditRow(event(overrides), names)).toMatchObject(expected);
  });

  it('keeps the machine-readable time for <time datetime>', () => {
    expect(auditRow(event(), names).datetime).toBe('2026-11-25T14:03:07.000Z');
  });
});

describe('days on the organization’s calendar as inclusive instants', () => {
  it('runs from its midnight through the last millisecond of the day, a daylight-saving day too', () => {
    setClinicTimeZone('Europe/Berlin');
    // Berlin moves its clocks on 29 March 2026: that day has 23 hours.
    expect(localDayStart('2026-03-29')).toBe('2026-03-28T23:00:00.000Z');
    expect(localDayEnd('2026-03-29')).toBe('2026-03-29T21:59:59.999Z');
    setClinicTimeZone('America/New_York');
    expect(localDayStart('2026-11-25')).toBe('2026-11-25T05:00:00.000Z');
    expect(localDayEnd('2026-11-25')).toBe('2026-11-26T04:59:59.999Z');
  });
});
