import { dosingDocumentation, integrationDueOn, type DocumentationGap } from './documentation';
import type { AdverseEventRecord, VitalsReading } from './session-record';

const reading = (phase: VitalsReading['phase']): VitalsReading => ({ phase, systolic: 120, diastolic: 80, heartRate: 70 });

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
    expect(integrationDueOn(dose, integrations)).toBe(due);
  });

  it('uses the UTC calendar date of the dose, across a month end', () => {
    expect(integrationDueOn('2026-11-30T23:59:59.000Z', [])).toBe('2026-12-01');
  });
});
