import { INSTRUMENT_CODES, INSTRUMENTS, type InstrumentCode } from './instruments';
import { instrumentSummary } from './instrument-summary';

describe('instrumentSummary', () => {
  it.each<
    [InstrumentCode, number, { min: number; max: number } | null, number, number | null, string | undefined]
  >([
    // code, items, range of the total, bands, reliable change in points, LOINC of the total
    ['PHQ9', 9, { min: 0, max: 27 }, 5, 6, '44261-6'],
    ['GAD7', 7, { min: 0, max: 21 }, 4, 4, '70274-6'],
    ['PCL5', 20, { min: 0, max: 80 }, 2, 10, undefined],
    ['CSSRS_SCREEN', 7, null, 4, null, undefined],
    ['PEG', 3, { min: 0, max: 10 }, 0, null, undefined],
    ['CGI_S', 1, { min: 1, max: 7 }, 7, null, undefined],
    ['CGI_I', 1, { min: 1, max: 7 }, 7, null, undefined],
  ])(
    'describes %s: %i items, total %j, %i bands, reliable change %p, LOINC %p',
    (code, items, range, bands, threshold, loincTotal) => {
      const summary = instrumentSummary(code);
      expect(summary.code).toBe(code);
      expect(summary.name).toBe(INSTRUMENTS[code].name);
      expect(summary.items).toHaveLength(items);
      expect(summary.range).toEqual(range);
      expect(summary.bands).toHaveLength(bands);
      expect(summary.reliableChange?.threshold ?? null).toBe(threshold);
      expect(summary.loinc?.total).toBe(loincTotal);
      expect('loinc' in summary).toBe(loincTotal !== undefined);
    },
  );

  it.each(INSTRUMENT_CODES)('leaves item-level LOINC codes out of %s, and hands out copies', (code) => {
    const summary = instrumentSummary(code);
    expect(summary.items.every((item) => Object.keys(item).sort().join() === 'max,min,text')).toBe(true);
    expect(summary.bands).toEqual(INSTRUMENTS[code].bands);
    if (summary.bands.length > 0) summary.bands[0].label = 'changed';
    summary.items[0].text = 'changed';
    expect(INSTRUMENTS[code].bands[0]?.label).not.toBe('changed');
    expect(INSTRUMENTS[code].items[0].text).not.toBe('changed');
  });

  it('keeps where the reliable-change threshold comes from', () => {
    expect(instrumentSummary('PHQ9').reliableChange?.source).toMatch(/NHS Talking Therapies/);
    expect(instrumentSummary('CGI_S').reliableChange).toBeNull();
  });

  it('says the PEG total has one decimal, and no other', () => {
    expect(instrumentSummary('PEG').totalDecimals).toBe(1);
    expect('totalDecimals' in instrumentSummary('PHQ9')).toBe(false);
  });
});
