import { ValidationFailed } from '../errors/domain-error';
import { CSSRS_VERSION_1, INSTRUMENTS, INSTRUMENT_CODES, type InstrumentCode } from './instruments';
import { cssrsRisk, meetsDsm5Pattern, scoreOutcome } from './scoring';

/** Items summing to `total` with each item within [min, max], filled from the front. */
function itemsFor(code: InstrumentCode, total: number, keepZero: number[] = []): number[] {
  const def = INSTRUMENTS[code];
  const items = def.items.map((i) => i.min);
  let rest = total - items.reduce((s, v) => s + v, 0);
  for (let i = 0; i < items.length && rest > 0; i++) {
    if (keepZero.includes(i)) continue;
    const add = Math.min(def.items[i].max - items[i], rest);
    items[i] += add;
    rest -= add;
  }
  if (rest !== 0) throw new Error(`cannot build ${code} total ${total}`);
  return items;
}

function problemsOf(run: () => unknown): { field: string; problem: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details as { field: string; problem: string }[];
    throw error;
  }
  throw new Error('expected a ValidationFailed');
}

describe('severity bands at every boundary', () => {
  it.each([
    ['PHQ9', 0, 'minimal'],
    ['PHQ9', 4, 'minimal'],
    ['PHQ9', 5, 'mild'],
    ['PHQ9', 9, 'mild'],
    ['PHQ9', 10, 'moderate'],
    ['PHQ9', 14, 'moderate'],
    ['PHQ9', 15, 'moderately_severe'],
    ['PHQ9', 19, 'moderately_severe'],
    ['PHQ9', 20, 'severe'],
    ['PHQ9', 27, 'severe'],
    ['GAD7', 0, 'minimal'],
    ['GAD7', 4, 'minimal'],
    ['GAD7', 5, 'mild'],
    ['GAD7', 9, 'mild'],
    ['GAD7', 10, 'moderate'],
    ['GAD7', 14, 'moderate'],
    ['GAD7', 15, 'severe'],
    ['GAD7', 21, 'severe'],
    ['PCL5', 0, 'below_threshold'],
    ['PCL5', 32, 'below_threshold'],
    ['PCL5', 33, 'probable_ptsd'],
    ['PCL5', 80, 'probable_ptsd'],
    ['CGI_S', 1, 'normal'],
    ['CGI_S', 2, 'borderline'],
    ['CGI_S', 3, 'mildly_ill'],
    ['CGI_S', 4, 'moderately_ill'],
    ['CGI_S', 5, 'markedly_ill'],
    ['CGI_S', 6, 'severely_ill'],
    ['CGI_S', 7, 'extremely_ill'],
    ['CGI_I', 1, 'very_much_improved'],
    ['CGI_I', 2, 'much_improved'],
    ['CGI_I', 3, 'minimally_improved'],
    ['CGI_I', 4, 'no_change'],
    ['CGI_I', 5, 'minimally_worse'],
    ['CGI_I', 6, 'much_worse'],
    ['CGI_I', 7, 'very_much_worse'],
  ] as [InstrumentCode, number, string][])('%s total %i → %s', (code, total, severity) => {
    // Item 9 of the PHQ-9 stays 0 so that the band, not the flag, is what is tested here.
    const scored = scoreOutcome(code, itemsFor(code, total, code === 'PHQ9' && total <= 24 ? [8] : []));
    expect(scored.total).toBe(total);
    expect(scored.severity).toBe(severity);
  });
});

describe('flags', () => {
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0], []],
    [[0, 0, 0, 0, 0, 0, 0, 0, 1], ['suicidality_item_positive']],
    [[3, 3, 3, 3, 3, 3, 3, 3, 0], []],
    [[0, 0, 0, 0, 0, 0, 0, 0, 3], ['suicidality_item_positive']],
  ])('PHQ-9 %p → %p', (items, flags) => {
    expect(scoreOutcome('PHQ9', items).flags).toEqual(flags);
  });

  it.each([
    [1, []],
    [5, []],
    [6, ['reliable_deterioration']],
    [7, ['reliable_deterioration']],
  ])('CGI-I %i → %p', (item, flags) => {
    expect(scoreOutcome('CGI_I', [item]).flags).toEqual(flags);
  });

  it('PCL-5 flags probable PTSD at 33, not at 32 without the DSM-5 pattern', () => {
    expect(scoreOutcome('PCL5', itemsFor('PCL5', 33)).flags).toEqual(['probable_ptsd']);
    const below = itemsFor('PCL5', 32); // items 1–8 at 4: only B, C and one D item endorsed
    expect(meetsDsm5Pattern(below)).toBe(false);
    expect(scoreOutcome('PCL5', below).flags).toEqual([]);
  });

  it('PCL-5 flags the DSM-5 pattern even below 33 (1 B, 1 C, 2 D, 2 E items at 2 or more)', () => {
    const items = Array(20).fill(0);
    [0, 5, 7, 8, 14, 15].forEach((i) => (items[i] = 2));
    const scored = scoreOutcome('PCL5', items);
    expect(scored.total).toBe(12);
    expect(scored.severity).toBe('below_threshold');
    expect(scored.flags).toEqual(['probable_ptsd']);
  });

  it.each([
    ['B', 0],
    ['C', 5],
    ['D', 8],
    ['E', 15],
  ])('PCL-5 pattern fails when cluster %s lacks one endorsed item', (_cluster, dropped) => {
    const items = Array(20).fill(0);
    [0, 5, 7, 8, 14, 15].forEach((i) => (items[i] = 2));
    items[dropped] = 1;
    expect(meetsDsm5Pattern(items)).toBe(false);
  });

  it('PCL-5 subscales are the DSM-5 cluster sums', () => {
    const items = Array.from({ length: 20 }, (_, i) => (i % 5) as number);
    // items cycle 0,1,2,3,4: B = 0+1+2+3+4, C = 0+1, D = 2+3+4+0+1+2+3, E = 4+0+1+2+3+4
    expect(scoreOutcome('PCL5', items).subscales).toEqual({ B: 10, C: 1, D: 15, E: 14 });
  });
});

describe('C-SSRS screener, version 2', () => {
  const f = false;
  const t = true;
  it.each([
    // 1 wish, 2 thoughts, 3 method, 4 intent, 5 plan, 6 lifetime behaviour, 7 within 3 months
    [[f, f, f, f, f, f, f], 'none', []],
    [[t, f, f, f, f, f, f], 'low', ['cssrs_low_risk']],
    [[f, t, f, f, f, f, f], 'low', ['cssrs_low_risk']],
    [[t, t, f, f, f, f, f], 'low', ['cssrs_low_risk']],
    [[t, t, t, f, f, f, f], 'moderate', ['cssrs_moderate_risk']],
    [[f, f, f, f, f, t, f], 'moderate', ['cssrs_moderate_risk']],
    [[t, f, f, f, f, t, f], 'moderate', ['cssrs_moderate_risk']],
    [[t, t, f, t, f, f, f], 'high', ['cssrs_high_risk']],
    [[t, t, f, f, t, f, f], 'high', ['cssrs_high_risk']],
    [[t, t, t, t, t, f, f], 'high', ['cssrs_high_risk']],
    [[f, f, f, f, f, t, t], 'high', ['cssrs_high_risk']],
    [[t, t, t, f, f, t, t], 'high', ['cssrs_high_risk']],
  ])('%p → %s %p', (items, severity, flags) => {
    const scored = scoreOutcome('CSSRS_SCREEN', items);
    expect(scored).toMatchObject({
      total: null,
      severity,
      flags,
      instrumentVersion: INSTRUMENTS.CSSRS_SCREEN.version,
    });
    expect(cssrsRisk(items)).toBe(severity);
  });

  it('refuses yes on questions 3–5 when question 2 is no, as inconsistent, naming each item', () => {
    expect(problemsOf(() => scoreOutcome('CSSRS_SCREEN', [t, f, t, f, t, f, f]))).toEqual([
      {
        field: 'items[2]',
        problem: 'item 3 is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no',
      },
      {
        field: 'items[4]',
        problem: 'item 5 is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no',
      },
    ]);
  });

  it('refuses yes on question 7 when question 6 is no', () => {
    expect(problemsOf(() => scoreOutcome('CSSRS_SCREEN', [t, t, f, f, f, f, t]))).toEqual([
      {
        field: 'items[6]',
        problem: 'item 7 is inconsistent: it is only asked when item 6 is yes; send false when item 6 is no',
      },
    ]);
  });

  it('refuses the 6 answers of version 1 for a new entry, naming items', () => {
    expect(problemsOf(() => scoreOutcome('CSSRS_SCREEN', [f, f, f, f, f, f]))).toEqual([
      { field: 'items', problem: 'must have exactly 7 answers for CSSRS_SCREEN (got 6)' },
    ]);
  });

  it('refuses numbers for yes/no answers', () => {
    expect(problemsOf(() => scoreOutcome('CSSRS_SCREEN', [1, 0, 0, 0, 0, 0, 0]))[0]).toEqual({
      field: 'items[0]',
      problem: 'item 1 must be yes or no (true or false)',
    });
  });

  it('asks the version-2 questions: 1–5 about the past month, 6 about the whole life, 7 about the past 3 months', () => {
    const texts = INSTRUMENTS.CSSRS_SCREEN.items.map((i) => i.text);
    expect(texts).toHaveLength(7);
    texts.slice(0, 5).forEach((text) => expect(text).toMatch(/^Past month:/));
    expect(texts[5]).toMatch(/^Ever in your life:.*end your life/);
    expect(texts[6]).toMatch(/question 6.*past 3 months/);
    expect(INSTRUMENTS.CSSRS_SCREEN.version).not.toBe(CSSRS_VERSION_1);
  });
});

describe('PEG', () => {
  it.each([
    [[0, 0, 0], 0],
    [[10, 10, 10], 10],
    [[7, 6, 7], 6.7],
    [[5, 5, 6], 5.3],
    [[1, 0, 0], 0.3],
    [[3, 3, 3], 3],
  ])('%p → mean %p with one decimal, no severity, no flags', (items, total) => {
    expect(scoreOutcome('PEG', items)).toMatchObject({ total, severity: null, flags: [], subscales: null });
  });

  it('refuses items outside 0–10 and non-integers, naming the item', () => {
    expect(problemsOf(() => scoreOutcome('PEG', [11, 0, 2.5]))).toEqual([
      { field: 'items[0]', problem: 'item 1 must be a whole number from 0 to 10' },
      { field: 'items[2]', problem: 'item 3 must be a whole number from 0 to 10' },
    ]);
    expect(problemsOf(() => scoreOutcome('PEG', [1, 2]))[0].field).toBe('items');
  });

  it('names its source and has no bands or reliable-change threshold', () => {
    expect(INSTRUMENTS.PEG.source).toMatch(/Krebs/);
    expect(INSTRUMENTS.PEG.source).toMatch(/2009/);
    expect(INSTRUMENTS.PEG.bands).toEqual([]);
    expect(INSTRUMENTS.PEG.reliableChange).toBeNull();
  });
});

describe('invalid input is refused, naming the item', () => {
  it.each([
    ['PHQ9', [0, 0, 0, 0, 0, 0, 0, 0], 'items', 'must have exactly 9 answers for PHQ9 (got 8)'],
    ['PHQ9', [0, 0, 0, 4, 0, 0, 0, 0, 0], 'items[3]', 'item 4 must be a whole number from 0 to 3'],
    ['PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, -1], 'items[8]', 'item 9 must be a whole number from 0 to 3'],
    ['GAD7', [0, 1.5, 0, 0, 0, 0, 0], 'items[1]', 'item 2 must be a whole number from 0 to 3'],
    ['GAD7', [0, '1', 0, 0, 0, 0, 0], 'items[1]', 'item 2 must be a whole number from 0 to 3'],
    ['PCL5', Array(20).fill(5), 'items[0]', 'item 1 must be a whole number from 0 to 4'],
    ['CGI_S', [0], 'items[0]', 'item 1 must be a whole number from 1 to 7'],
    ['CGI_I', [8], 'items[0]', 'item 1 must be a whole number from 1 to 7'],
    ['CGI_I', 'seven', 'items', 'must be a list of 1 answers'],
    ['GAD7', [null, 0, 0, 0, 0, 0, 0], 'items[0]', 'item 1 must be a whole number from 0 to 3'],
  ] as [InstrumentCode, unknown, string, string][])('%s %p', (code, items, field, problem) => {
    expect(problemsOf(() => scoreOutcome(code, items))[0]).toEqual({ field, problem });
  });

  it('accepts difficulty (0–3) for the PHQ-9 and GAD-7 only, and never adds it to the total', () => {
    expect(scoreOutcome('PHQ9', Array(9).fill(1), 3)).toMatchObject({ total: 9, difficulty: 3 });
    expect(scoreOutcome('GAD7', Array(7).fill(0), 0)).toMatchObject({ total: 0, difficulty: 0 });
    expect(problemsOf(() => scoreOutcome('PHQ9', Array(9).fill(0), 4))[0].field).toBe('difficulty');
    expect(problemsOf(() => scoreOutcome('PCL5', Array(20).fill(0), 1))[0]).toEqual({
      field: 'difficulty',
      problem: 'is only asked with the PHQ-9 and GAD-7, not with PCL5',
    });
  });
});

describe('instrument definitions', () => {
  it.each(INSTRUMENT_CODES.filter((code) => code !== 'PEG'))(
    '%s bands cover its range without gaps or overlaps',
    (code) => {
      const def = INSTRUMENTS[code];
      const bands = [...def.bands].sort((a, b) => a.min - b.min);
      for (let i = 1; i < bands.length; i++) expect(bands[i].min).toBe(bands[i - 1].max + 1);
      if (def.range) {
        expect(bands[0].min).toBe(def.range.min);
        expect(bands[bands.length - 1].max).toBe(def.range.max);
        expect(def.items.reduce((s, i) => s + i.max, 0)).toBe(code.startsWith('CGI') ? 7 : def.range.max);
      }
    },
  );

  it('uses only the verified LOINC codes, total and panel not swapped', () => {
    expect(INSTRUMENTS.PHQ9.loinc).toEqual({ panel: '44249-1', total: '44261-6' });
    expect(INSTRUMENTS.GAD7.loinc).toEqual({ panel: '69737-5', total: '70274-6' });
    expect(INSTRUMENTS.PHQ9.items.map((i) => i.loinc)).toEqual([
      '44250-9',
      '44255-8',
      '44259-0',
      '44254-1',
      '44251-7',
      '44258-2',
      '44252-5',
      '44253-3',
      '44260-8',
    ]);
    expect(INSTRUMENTS.GAD7.items.map((i) => i.loinc)).toEqual([
      '69725-0',
      '68509-9',
      '69733-4',
      '69734-2',
      '69735-9',
      '69689-8',
      '69736-7',
    ]);
    for (const code of ['PCL5', 'CSSRS_SCREEN', 'PEG', 'CGI_S', 'CGI_I'] as const)
      expect(INSTRUMENTS[code].loinc).toBeUndefined();
  });
});
