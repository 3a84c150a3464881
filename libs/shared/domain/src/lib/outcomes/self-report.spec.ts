import { INSTRUMENT_CODES, INSTRUMENTS } from './instruments';
import { isSelfReportInstrument, selfReportForm, SELF_REPORT_INSTRUMENTS } from './self-report';

describe('selfReportForm', () => {
  it('never offers the clinician-rated CGI to a patient', () => {
    expect(SELF_REPORT_INSTRUMENTS).toEqual(['PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREEN', 'PEG']);
    expect(isSelfReportInstrument('CGI_S')).toBe(false);
    expect(isSelfReportInstrument('CGI_I')).toBe(false);
  });

  it.each(SELF_REPORT_INSTRUMENTS)(
    '%s: one label per answer value of every item, the items as defined',
    (code) => {
      const form = selfReportForm(code);
      expect(form.items.map((i) => i.text)).toEqual(INSTRUMENTS[code].items.map((i) => i.text));
      for (const item of form.items) {
        expect(item.labels).toHaveLength(item.max - item.min + 1);
        expect(item.labels.every((label) => label.length > 0)).toBe(true);
      }
    },
  );

  it('PHQ-9 and GAD-7: the scale words on every item, and the closing difficulty question (0–3)', () => {
    for (const code of ['PHQ9', 'GAD7'] as const) {
      const form = selfReportForm(code);
      expect(form.items[0].labels).toEqual([
        'Not at all',
        'Several days',
        'More than half the days',
        'Nearly every day',
      ]);
      expect(form.difficulty).toEqual({
        text: expect.stringMatching(/^If you checked off any problems, how difficult/),
        min: 0,
        max: 3,
        labels: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'],
      });
      expect(form.instructions).toBe(INSTRUMENTS[code].stem);
    }
    expect(selfReportForm('PCL5').difficulty).toBeNull();
  });

  it("PEG: the numbers 0–10 with the published form's words at both ends of each item", () => {
    const form = selfReportForm('PEG');
    expect(form.items[0].labels[0]).toBe('0: No pain');
    expect(form.items[0].labels[5]).toBe('5');
    expect(form.items[0].labels[10]).toBe('10: Pain as bad as you can imagine');
    expect(form.items[2].labels[0]).toBe('0: Does not interfere');
    expect(form.items[2].labels[10]).toBe('10: Completely interferes');
  });

  it('C-SSRS: no/yes, and the skip rules said to the patient rather than to an interviewer', () => {
    const form = selfReportForm('CSSRS_SCREEN');
    expect(form.items.every((i) => i.labels.join('/') === 'No/Yes')).toBe(true);
    expect(form.instructions).not.toMatch(/^Ask/);
    expect(form.instructions).toMatch(/question 2 is yes, answer questions 3, 4 and 5/);
  });

  it('hands out copies: changing a form leaves the next one untouched', () => {
    const first = selfReportForm('PHQ9');
    first.items[0].labels.push('changed');
    first.difficulty?.labels.push('changed');
    expect(selfReportForm('PHQ9').items[0].labels).toHaveLength(4);
    expect(selfReportForm('PHQ9').difficulty?.labels).toHaveLength(4);
    expect(INSTRUMENT_CODES).toContain('PHQ9');
  });
});
