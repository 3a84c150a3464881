import { measurementPlanProblems, planTimings } from './measurement-plan';

describe('measurementPlanProblems', () => {
  it('accepts an empty plan and rules after each dose or every N days', () => {
    expect(measurementPlanProblems([])).toEqual([]);
    expect(
      measurementPlanProblems([
        { instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 },
        { instrument: 'GAD7', every: 'days', days: 7 },
        { instrument: 'PHQ9', every: 'days', days: 7 },
        { instrument: 'PEG', every: 'dosing_session', offsetHours: 0 },
      ]),
    ).toEqual([]);
  });

  it.each([
    [[{ instrument: 'CGI_S', every: 'days', days: 7 }], 'rules[0].instrument'],
    [[{ instrument: 'XYZ', every: 'days', days: 7 }], 'rules[0].instrument'],
    [[{ instrument: 'PHQ9', every: 'weekly' }], 'rules[0].every'],
    [[{ instrument: 'PHQ9', every: 'dosing_session' }], 'rules[0].offsetHours'],
    [[{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 337 }], 'rules[0].offsetHours'],
    [[{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 1.5 }], 'rules[0].offsetHours'],
    [[{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24, days: 3 }], 'rules[0].days'],
    [[{ instrument: 'PHQ9', every: 'days', days: 0 }], 'rules[0].days'],
    [[{ instrument: 'PHQ9', every: 'days', days: 91 }], 'rules[0].days'],
    [[{ instrument: 'PHQ9', every: 'days', days: 7, offsetHours: 2 }], 'rules[0].offsetHours'],
    [[{ instrument: 'PHQ9', every: 'days', days: 7, note: 'x' }], 'rules[0].note'],
    [[null], 'rules[0]'],
    [
      [
        { instrument: 'PHQ9', every: 'days', days: 7 },
        { instrument: 'PHQ9', every: 'days', days: 7 },
      ],
      'rules[1]',
    ],
    ['not a list', 'rules'],
  ])('%j → a problem naming %s', (rules, field) => {
    expect(measurementPlanProblems(rules)).toEqual([{ field, problem: expect.any(String) }]);
  });

  it('refuses more than 10 rules, and more than 4 questionnaires due at the same moments', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ instrument: 'PHQ9', every: 'days', days: i + 1 }));
    expect(measurementPlanProblems(many)).toEqual([
      { field: 'rules', problem: 'must have at most 10 rules' },
    ]);
    const crowded = ['PHQ9', 'GAD7', 'PCL5', 'PEG', 'CSSRS_SCREEN'].map((instrument) => ({
      instrument,
      every: 'dosing_session',
      offsetHours: 24,
    }));
    expect(measurementPlanProblems(crowded)).toEqual([
      { field: 'rules', problem: expect.stringContaining('dosing_session:24') },
    ]);
  });
});

describe('planTimings', () => {
  it('groups the rules due at the same moments into one request, keyed by the timing', () => {
    expect(
      planTimings([
        { instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 },
        { instrument: 'GAD7', every: 'days', days: 7 },
        { instrument: 'GAD7', every: 'dosing_session', offsetHours: 24 },
      ]),
    ).toEqual([
      { key: 'dosing_session:24', every: 'dosing_session', amount: 24, instruments: ['PHQ9', 'GAD7'] },
      { key: 'days:7', every: 'days', amount: 7, instruments: ['GAD7'] },
    ]);
  });
});
