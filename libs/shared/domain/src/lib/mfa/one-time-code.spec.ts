import { formatRecoveryCode, normalizeRecoveryCode, readOneTimeCode, totpTimeStep } from './one-time-code';

describe('one-time codes', () => {
  it.each([
    ['123456', { kind: 'totp', code: '123456' }],
    [' 123 456 ', { kind: 'totp', code: '123456' }],
    ['abcde-fghjk', { kind: 'recovery', code: 'ABCDEFGHJK' }],
    ['ABCDE FGHJK', { kind: 'recovery', code: 'ABCDEFGHJK' }],
    ['o0i1l-23456', { kind: 'recovery', code: '0011123456' }], // O, I, L are read as 0, 1, 1
    ['o0i1l-234567', null],
    ['12345', null],
    ['1234567', null],
    ['ABCDE-FGHJ', null],
    ['ABCDE-FGHJU', null], // U is not in the alphabet
    ['', null],
    ['12345６', null], // a full-width digit is not a digit here
  ])('reads %p as %p', (input, expected) => {
    expect(readOneTimeCode(input)).toEqual(expected);
  });

  it.each([
    ['abcdefghjk', 'ABCDEFGHJK'],
    ['ABCDE-FGHJK', 'ABCDEFGHJK'],
    ['abc de-fg hjk', 'ABCDEFGHJK'],
    ['ABCDE-FGHJK-1', null],
    ['ABCDE_FGHJK', null],
  ])('normalizes the recovery code %p to %p', (input, expected) => {
    expect(normalizeRecoveryCode(input)).toBe(expected);
  });

  it('formats a recovery code in two groups that read back to the same code', () => {
    expect(formatRecoveryCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK');
    expect(normalizeRecoveryCode(formatRecoveryCode('ABCDEFGHJK'))).toBe('ABCDEFGHJK');
  });

  it.each([
    ['1970-01-01T00:00:29.999Z', 0],
    ['1970-01-01T00:00:30.000Z', 1],
    ['2026-01-01T00:00:00.000Z', 58907520],
  ])('puts %s in time step %d', (at, step) => {
    expect(totpTimeStep(new Date(at))).toBe(step);
  });
});
