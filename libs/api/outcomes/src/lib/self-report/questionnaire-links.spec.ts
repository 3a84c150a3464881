import { createHash } from 'node:crypto';
import { jobOrigin, linkUrl, looksLikeToken, newLinkToken, tokenHash } from './questionnaire-links';

describe('newLinkToken', () => {
  it('makes a fresh 43-character base64url token each time, stored only as its SHA-256', () => {
    const first = newLinkToken();
    const second = newLinkToken();
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.token).not.toBe(second.token);
    expect(first.hash).toBe(createHash('sha256').update(first.token).digest('hex'));
    expect(tokenHash(first.token)).toBe(first.hash);
  });
});

describe('looksLikeToken', () => {
  it.each([
    [newLinkToken().token, true],
    ['a'.repeat(43), true],
    ['a'.repeat(42), false],
    ['a'.repeat(44), false],
    [`${'a'.repeat(42)}=`, false],
    [`${'a'.repeat(42)}/`, false],
    ['', false],
  ])('%s → %s', (value, expected) => {
    expect(looksLikeToken(value)).toBe(expected);
  });
});

describe('linkUrl', () => {
  it('puts the token on PUBLIC_URL when set, else on the fallback origin', () => {
    expect(linkUrl({ publicUrl: 'https://kap.example.org' }, 'http://localhost:3000', 'TOKEN')).toBe(
      'https://kap.example.org/q/TOKEN',
    );
    expect(linkUrl({ publicUrl: null }, 'http://localhost:3000', 'TOKEN')).toBe(
      'http://localhost:3000/q/TOKEN',
    );
  });
});

describe('jobOrigin', () => {
  it.each([
    [
      'PUBLIC_URL first',
      { publicUrl: 'https://kap.example.org', extraOrigins: ['https://other.example'], port: 3000 },
      'https://kap.example.org',
    ],
    [
      'then the first APP_ORIGINS',
      { publicUrl: null, extraOrigins: ['https://a.example', 'https://b.example'], port: 3000 },
      'https://a.example',
    ],
    ['else this host', { publicUrl: null, extraOrigins: [], port: 4411 }, 'http://localhost:4411'],
  ])('%s', (_, config, origin) => {
    expect(jobOrigin(config)).toBe(origin);
  });
});
