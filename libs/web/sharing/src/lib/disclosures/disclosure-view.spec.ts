import { disclosure } from '../../testing/sharing-fixtures';
import { disclosureRow, whatText } from './disclosure-view';

describe('disclosure view', () => {
  it.each([
    [['message', 'session_records'], ['s-1', 's-2'], [], 'Message, session records (2)'],
    [
      ['follow_up_packet', 'course_orders', 'outcome_scores', 'open_questions'],
      [],
      ['o-1'],
      'Follow-up packet, course and orders, outcome scores (1), open questions',
    ],
    [['fhir_bundle'], [], [], 'Fhir bundle'],
    [[], [], [], 'Not recorded'],
  ])('words what left: %j', (categories, sessionIds, outcomeIds, expected) => {
    expect(whatText(disclosure({ what: { categories, sessionIds, outcomeIds, noteIds: [] } }))).toBe(
      expected,
    );
  });

  it('says when, to whom, what, why and by whom', () => {
    const row = disclosureRow(
      disclosure({ source: 'follow_up_packet', purpose: 'care coordination: follow_up' }),
    );
    expect(row.when).toMatch(/^21 Nov 2026, \d\d:\d\d$/);
    expect(row.to).toBe('Northstar Medical Team');
    expect(row.source).toBe('Follow-up packet');
    expect(row.why).toBe('Care coordination: follow up');
    expect(row.by).toBe('Sam Okafor, LCSW');
  });
});
