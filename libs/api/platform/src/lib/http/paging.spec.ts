import { ValidationFailed } from '@kap/shared/domain';
import { decodeCursor, encodeCursor, toPage } from './paging';

describe('keyset paging', () => {
  it('round-trips a cursor', () => {
    const key = ['2026-11-25T14:00:00.000Z', '3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11'];
    expect(decodeCursor(encodeCursor(key), ['string', 'string'])).toEqual(key);
  });

  it.each([
    'not base64 json',
    encodeCursor([1, 2]),
    encodeCursor(['only-one']),
    Buffer.from('{"a":1}').toString('base64url'),
  ])('refuses a cursor it did not give out: %s', (cursor) => {
    expect(() => decodeCursor(cursor, ['string', 'string'])).toThrow(ValidationFailed);
  });

  it('treats a missing cursor as the first page', () => {
    expect(decodeCursor(undefined, ['string'])).toBeNull();
  });

  it('trims the look-ahead row and points the cursor at the last row shown', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(
      rows,
      2,
      (r) => [r.id],
      (r) => r.id.toUpperCase(),
    );
    expect(page.items).toEqual(['A', 'B']);
    expect(decodeCursor(page.nextCursor!, ['string'])).toEqual(['b']);
    expect(
      toPage(
        rows,
        3,
        (r) => [r.id],
        (r) => r.id,
      ).nextCursor,
    ).toBeNull();
  });
});
