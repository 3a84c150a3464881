import { dosingDocumentation, integrationDueOn, type DocumentationGap } from './documentation';
import type { AdverseEventRecord, VitalsReading } from './session-record';

const reading = (phase: VitalsReading['phase']): VitalsReading => ({
  phase,
  systolic: 120,
  diastolic: 80,
  heartRate: 70,
});

describe('documentation complete (per dosing session)', () => {
  it.each<[string, VitalsReading['phase'][], AdverseEventRecord[] | null, boolean, DocumentationGap[]]>([
    ['everything there', ['pre', 'post'], [], true, []],
    ['adverse events listed', ['pre', 'mid', 'post'], [{ type: 'nausea', severity: 'mild' }], true, []],
    ['no signed note', ['pre', 'post'], [], false, ['signed_note']],
    ['no post reading', ['pre'], [], true, ['post_vitals']],
    ['no pre reading', ['mid', 'post'], [], true, ['pre_vitals']],
    ['adverse events not answered', ['pre', 'post'], null, true, ['adverse_events']],
    ['nothing', [], null, false, ['pre_vitals', 'post_vitals', 'adverse_events', 'signed_note']],
  ])('%s → missing %p', (_name, phases, adverseEvents, signedNote, missing) => {
    const status = dosingDocumentation({ vitals: phases.map(reading), adverseEvents }, signedNote);
    expect(status).toEqual({ complete: missing.length === 0, missing });
  });
});

describe('integration due after a dose', () => {
  const dose = '2026-11-25T22:30:00.000Z';
  it.each<[string, string[], string | null]>([
    ['no integration yet: due the next day', [], '2026-11-26'],
    ['integration before the dose does not count', ['2026-11-20T10:00:00.000Z'], '2026-11-26'],
    ['integration at the same instant does not count', [dose], '2026-11-26'],
    ['integration the next day: nothing due', ['2026-11-26T15:00:00.000Z'], null],
    ['integration a week later: nothing due any more', ['2026-12-02T15:00:00.000Z'], null],
  ])('%s → %p', (_name, integrations, due) => {
    expect(integrationDueOn(dose, integrations, 'UTC')).toBe(due);
  });

  it('uses the UTC calendar date of the dose in UTC, across a month end', () => {
    expect(integrationDueOn('2026-11-30T23:59:59.000Z', [], 'UTC')).toBe('2026-12-01');
  });

  // The dose's date is the practice's calendar date, not UTC's.
  it.each<[string, string, string, string]>([
    ['23:30 in New York (04:30 UTC next day)', '2026-12-03T04:30:00.000Z', 'America/New_York', '2026-12-03'],
    ['the same instant in UTC', '2026-12-03T04:30:00.000Z', 'UTC', '2026-12-04'],
    ['00:30 in New York', '2026-12-03T05:30:00.000Z', 'America/New_York', '2026-12-04'],
    ['23:30 in Auckland (10:30 UTC)', '2026-12-03T10:30:00.000Z', 'Pacific/Auckland', '2026-12-04'],
    [
      '00:30 in Auckland (11:30 UTC the day before)',
      '2026-12-02T11:30:00.000Z',
      'Pacific/Auckland',
      '2026-12-04',
    ],
    [
      '23:30 in New York the day summer time ends',
      '2026-11-02T04:30:00.000Z',
      'America/New_York',
      '2026-11-02',
    ],
  ])('a dose at %s (%s in %s) → due %s', (_name, dose, timeZone, due) => {
    expect(integrationDueOn(dose, [], timeZone)).toBe(due);
  });
});
