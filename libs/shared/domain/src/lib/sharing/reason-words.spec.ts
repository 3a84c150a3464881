import { careTeamUpdateWords, instrumentsInWords, questionnairesDueWords } from './reason-words';

describe('careTeamUpdateWords', () => {
  it.each([
    ['urgent', 'safety_concern', 'Urgent care-team update about a safety concern'],
    ['warning', 'request_review', 'Care-team update marked "soon" about a request for review'],
    ['info', 'session_summary', 'Routine care-team update about a session summary'],
    ['info', 'prescription', 'Routine care-team update about the prescription'],
    ['urgent', 'general', 'Urgent care-team update'],
    ['urgent', undefined, 'Urgent care-team update'],
    ['warning', 'a_kind_from_a_newer_server', 'Care-team update marked "soon"'],
    ['unknown', 'eligibility', 'Care-team update about eligibility'],
  ])('%s, %s: %s', (severity, kind, expected) => {
    expect(careTeamUpdateWords(severity, kind)).toBe(expected);
  });
});

describe('instrumentsInWords', () => {
  it.each([
    [['PHQ9'], 'PHQ-9'],
    [['PHQ9', 'GAD7'], 'PHQ-9 and GAD-7'],
    // The API sends them in code order; they read in the order the app lists instruments.
    [['GAD7', 'PEG', 'PHQ9'], 'PHQ-9, GAD-7 and PEG'],
    [['CSSRS_SCREEN', 'PCL5'], 'PCL-5 and C-SSRS screen'],
    [['PHQ9', 'PHQ9'], 'PHQ-9'],
    [['NEW1', 'PHQ9'], 'PHQ-9 and NEW1'],
    [[], ''],
  ])('%j: %s', (codes, expected) => {
    expect(instrumentsInWords(codes)).toBe(expected);
  });
});

describe('questionnairesDueWords', () => {
  it.each([
    [['PHQ9'], 'PHQ-9 questionnaire due'],
    [['PHQ9', 'PHQ9'], 'PHQ-9 questionnaire due'],
    [['PEG', 'GAD7'], 'GAD-7 and PEG questionnaires due'],
    [[], 'Questionnaire due'],
    [undefined, 'Questionnaire due'],
  ])('%j: %s', (instruments, expected) => {
    expect(questionnairesDueWords(instruments)).toBe(expected);
  });
});
