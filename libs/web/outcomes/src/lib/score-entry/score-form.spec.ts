import { instrument } from '../../testing/outcome-fixtures';
import {
  answerForKey,
  answeredCount,
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
    it('skips questions 3–5 unless question 2 is yes, and sends them as false', () => {
      let answers = nulls(6);
      expect([2, 3, 4].map((i) => isSkipped('CSSRS_SCREEN', answers, i))).toEqual([true, true, true]);
      answers = withAnswer('CSSRS_SCREEN', answers, 0, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 1, false);
      answers = withAnswer('CSSRS_SCREEN', answers, 5, false);
      expect(requiredCount('CSSRS_SCREEN', answers)).toBe(3);
      expect(effectiveAnswers('CSSRS_SCREEN', answers)).toEqual([true, false, false, false, false, false]);
      expect(liveScore('CSSRS_SCREEN', answers, null)?.severity).toBe('low');
    });

    it('asks 3–5 when question 2 is yes, and takes their answers back when it turns to no', () => {
      let answers = withAnswer('CSSRS_SCREEN', nulls(6), 1, true);
      expect(isSkipped('CSSRS_SCREEN', answers, 2)).toBe(false);
      expect(requiredCount('CSSRS_SCREEN', answers)).toBe(6);
      answers = withAnswer('CSSRS_SCREEN', answers, 2, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 1, false);
      expect(answers[2]).toBeNull();
      expect(isSkipped('CSSRS_SCREEN', answers, 2)).toBe(true);
    });
  });

  describe('safety concern', () => {
    it('appears as soon as PHQ-9 item 9 is above 0, even before the form is complete', () => {
      const answers = withAnswer('PHQ9', nulls(9), 8, 1);
      expect(safetyConcern('PHQ9', answers)).toContain('Item 9');
      expect(safetyConcern('PHQ9', withAnswer('PHQ9', answers, 8, 0))).toBeNull();
    });

    it('appears for a moderate or high C-SSRS answer, not for a low one', () => {
      let answers = withAnswer('CSSRS_SCREEN', nulls(6), 0, true);
      expect(safetyConcern('CSSRS_SCREEN', answers)).toBeNull();
      answers = withAnswer('CSSRS_SCREEN', answers, 1, true);
      answers = withAnswer('CSSRS_SCREEN', answers, 2, true);
      expect(safetyConcern('CSSRS_SCREEN', answers)).toContain('moderate-risk');
      expect(safetyConcern('CSSRS_SCREEN', withAnswer('CSSRS_SCREEN', answers, 5, true))).toContain('high-risk');
    });
  });
});
