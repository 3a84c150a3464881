import { ValidationFailed } from '@kap/shared/domain';
import { UnsafeTextPipe } from './unsafe-text-pipe';

describe('UnsafeTextPipe', () => {
  const pipe = new UnsafeTextPipe();
  const body = { type: 'body' as const };
  const problems = (value: unknown) => {
    try {
      pipe.transform(value, body);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailed);
      return (error as ValidationFailed).details as { field: string }[];
    }
  };

  it.each([
    [{ note: 'a\u0000b' }, 'note'],
    [{ items: ['ok', 'bad \ud800'] }, 'items[1]'],
    [{ nested: { deep: '\udc00 alone' } }, 'nested.deep'],
  ])('names the field holding unsafe text in %p', (value, field) => {
    expect(problems(value).map((p) => p.field)).toEqual([field]);
  });

  it('lets ordinary text through, emoji (a valid surrogate pair) and accents included', () => {
    const value = { note: 'José felt calmer 🙂', list: ['Zoë'] };
    expect(pipe.transform(value, body)).toBe(value);
  });

  it('refuses absurd nesting instead of recursing forever', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 100; i++) value = { child: value };
    expect(problems(value)[0]).toMatchObject({ problem: 'is nested too deeply' });
  });
});
