import { isMachineRoute } from './machine-routes';
import { bearerToken, newApiKey } from './api-key-store';

describe('isMachineRoute', () => {
  it.each([
    ['GET', '/api/patients', true],
    ['POST', '/api/patients/:id/outcomes', true],
    ['GET', '/api/alerts', true],
    ['POST', '/api/patients', false],
    ['GET', '/api/users', false],
    ['GET', '/api/patients/:id/notes', false],
    ['GET', undefined, false],
  ])('%s %s → %p', (method, route, expected) => {
    expect(isMachineRoute(method, route)).toBe(expected);
  });
});

describe('bearerToken', () => {
  it.each([
    [undefined, null],
    [['Bearer a', 'Bearer b'], null],
    ['Basic dXNlcg==', null],
    ['Bearer kapk_abc', 'kapk_abc'],
    ['bearer   kapk_abc  ', 'kapk_abc'],
    ['Bearer', ''],
    ['Bearer two words', ''],
  ])('%p → %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});

describe('newApiKey', () => {
  it('is recognisable by its prefix and stores only a hash and the first characters', () => {
    const { key, tokenHash, prefix } = newApiKey();
    expect(key).toMatch(/^kapk_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 9));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash).not.toContain(key);
  });
});
