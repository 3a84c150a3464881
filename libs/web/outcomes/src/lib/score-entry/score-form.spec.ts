import { instrument } from '../../testing/outcome-fixtures';
import {
  answerForKey,
  answeredCount,
  askedAfter,
  effectiveAnswers,
  firstUnanswered,
  isSkipped,
  liveScore,
  requiredCount,
  safetyConcern,
  withAnswer,
  type Answer,
} from './score-form';

const nulls = (n: number): Answer[] => Array.from({ length: n }, () => null);

describe('score form rules', () => {
  describe('keys', () => {
    it('maps digits within the item range to answers and ignores the rest', () => {
      const phq9 = instrument('PHQ9');
      expect(answerForKey(phq9, 0, '0')).toBe(0);
      expect(answerForKey(phq9, 0, '3')).toBe(3);
      expect(answerForKey(phq9, 0, '4')).toBeNull();
      expect(answerForKey(phq9, 0, 'a')).toBeNull();
      expect(answerForKey(instrument('PCL5'), 0, '4')).toBe(4);
      expect(answerForKey(instrument('CGI_S'), 0, '0')).toBeNull();
      expect(answerForKey(instrument('CGI_S'), 0, '7')).toBe(7);
    });

    it('maps y and n (either case) on yes/no items', () => {
      const cssrs = instrument('CSSRS_SCREEN');
      expect(answerForKey(cssrs, 0, 'y')).toBe(true);
      expect(answerForKey(cssrs, 0, 'N')).toBe(false);
      expect(answerForKey(cssrs, 0, '1')).toBeNull();
    });
  });

  describe('live score', () => {
    it('is null until every item is answered, then the shared domain total and band', () => {
      let answers = nulls(9);
      for (let i = 0; i < 8; i++) answers = withAnswer('PHQ9', answers, i, 2);
      expect(liveScore('PHQ9', answers, null)).toBeNull();
      expect(answeredCount('PHQ9', answers)).toBe(8);
      expect(firstUnanswered('PHQ9', answers)).toBe(8);
      answers = withAnswer('PHQ9', answers, 8, 0);
      const score = liveScore('PHQ9', answers, 1);
      expect(score?.total).toBe(16);
      expect(score?.severity).toBe('moderately_severe');
      expect(score?.difficulty).toBe(1);
      expect(firstUnanswered('PHQ9', answers)).toBe(-1);
    });

    it('meets the band boundaries exactly (GAD-7 9 mild, 10 moderate)', () => {
      expect(liveScore('GAD7', [3, 3, 3, 0, 0, 0, 0], null)?.severity).toBe('mild');
      expect(liveScore('GAD7', [3, 3, 3, 1, 0, 0, 0], null)?.severity).toBe('moderate');
    });
  });

  describe('C-SSRS skip logic', () => {
    it('skips questions 3–5 unless question 2 is yes, and 7 unless 6 is yes, and sends them as false', () => {
      let answers = nulls(7);
      expect([2, 3, 4, 6].map((i) => isSkipped('CSSRS_SCREEN', answers, i))).toEqual([
        true,
        true,
        true,
        true,
      ]);
      answers = withAnswer('CSSRS_SCREEN', answers, 0, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 1, false);
      answers = withAnswer('CSSRS_SCREEN', answers, 5, false);
      expect(requiredCount('CSSRS_SCREEN', answers)).toBe(3);
      expect(effectiveAnswers('CSSRS_SCREEN', answers)).toEqual([
        true,
        false,
        false,
        false,
        false,
        false,
        false,
      ]);
      expect(liveScore('CSSRS_SCREEN', answers, null)?.severity).toBe('low');
    });

    it('asks 3–5 when question 2 is yes, and takes their answers back when it turns to no', () => {
      let answers = withAnswer('CSSRS_SCREEN', nulls(7), 1, true);
      expect(isSkipped('CSSRS_SCREEN', answers, 2)).toBe(false);
      expect(requiredCount('CSSRS_SCREEN', answers)).toBe(6);
      answers = withAnswer('CSSRS_SCREEN', answers, 2, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 1, false);
      expect(answers[2]).toBeNull();
      expect(isSkipped('CSSRS_SCREEN', answers, 2)).toBe(true);
    });

    it('asks 7 only after a yes to 6, and takes its answer back when 6 turns to no', () => {
      let answers = withAnswer('CSSRS_SCREEN', nulls(7), 5, true);
      expect(isSkipped('CSSRS_SCREEN', answers, 6)).toBe(false);
      expect(askedAfter('CSSRS_SCREEN', 6)).toBe(5);
      expect(askedAfter('CSSRS_SCREEN', 3)).toBe(1);
      expect(askedAfter('PHQ9', 6)).toBeNull();
      answers = withAnswer('CSSRS_SCREEN', answers, 6, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 5, false);
      expect(answers[6]).toBeNull();
      expect(isSkipped('CSSRS_SCREEN', answers, 6)).toBe(true);
    });

    it.each([
      // 6 yes and 7 yes: high; 6 yes and 7 no: moderate (a lifetime attempt)
      [true, 'high'],
      [false, 'moderate'],
    ])('6 yes, 7 %p → %s', (recent, risk) => {
      let answers = nulls(7);
      for (const [i, v] of [
        [0, false],
        [1, false],
        [5, true],
        [6, recent],
      ] as const)
        answers = withAnswer('CSSRS_SCREEN', answers, i, v);
      expect(liveScore('CSSRS_SCREEN', answers, null)?.severity).toBe(risk);
    });
  });

  describe('safety concern', () => {
    it('appears as soon as PHQ-9 item 9 is above 0, even before the form is complete', () => {
      const answers = withAnswer('PHQ9', nulls(9), 8, 1);
      expect(safetyConcern('PHQ9', answers)).toContain('Item 9');
      expect(safetyConcern('PHQ9', withAnswer('PHQ9', answers, 8, 0))).toBeNull();
    });

    it('appears for every C-SSRS answer above no risk: low, moderate and high all raise an alert', () => {
      expect(safetyConcern('CSSRS_SCREEN', nulls(7))).toBeNull();
      let answers = withAnswer('CSSRS_SCREEN', nulls(7), 0, true);
      expect(safetyConcern('CSSRS_SCREEN', answers)).toContain('low-risk');
      answers = withAnswer('CSSRS_SCREEN', answers, 1, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 2, true);
      expect(safetyConcern('CSSRS_SCREEN', answers)).toContain('moderate-risk');
      expect(safetyConcern('CSSRS_SCREEN', withAnswer('CSSRS_SCREEN', answers, 4, true))).toContain(
        'high-risk',
      );
      // A lifetime attempt is moderate until question 7 says it was within the past 3 months.
      answers = withAnswer('CSSRS_SCREEN', answers, 5, true);
      expect(safetyConcern('CSSRS_SCREEN', answers)).toContain('moderate-risk');
      expect(safetyConcern('CSSRS_SCREEN', withAnswer('CSSRS_SCREEN', answers, 6, true))).toContain(
        'high-risk',
      );
    });
  });
});
