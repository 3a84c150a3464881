import { nameSearchKey, patientNameKeys, prefixRange } from './name-search';

describe('name search keys', () => {
  it.each([
    ['José', 'jose'],
    ['JOSÉ', 'jose'],
    ['Zoë', 'zoe'],
    ['Renée', 'renee'],
    ['Ñuñez', 'nunez'],
    ['Łukasz Øster', 'lukasz oster'],
    ['Straße', 'strasse'],
    ["O'Brien", 'obrien'],
    ['Smith-Jones', 'smith jones'],
    ['  Mary   Ann ', 'mary ann'],
    ['Ｊｏｓｅ', 'jose'],
    ['Nguyễn', 'nguyen'],
  ])('%s → %s', (text, key) => {
    expect(nameSearchKey(text)).toBe(key);
  });

  it('builds the keys a patient is found and sorted by', () => {
    expect(
      patientNameKeys({ givenName: 'José', familyName: 'García Márquez', preferredName: 'Pepe' }),
    ).toEqual({
      givenFamily: 'jose garcia marquez',
      familyGiven: 'garcia marquez jose',
      preferredFamily: 'pepe garcia marquez',
      sortKey: 'garcia marquez\u0001jose',
    });
    expect(patientNameKeys({ givenName: 'Ann', familyName: 'Lee' }).preferredFamily).toBeNull();
  });

  it('sorts a family name before a longer one that starts with it', () => {
    const short = patientNameKeys({ givenName: 'Zoë', familyName: 'De' }).sortKey;
    const long = patientNameKeys({ givenName: 'Ana', familyName: 'De La Cruz' }).sortKey;
    expect(short < long).toBe(true);
  });

  it('gives the byte range of every key starting with a prefix', () => {
    const { from, to } = prefixRange('jos');
    for (const key of ['jos', 'jose', 'jose garcia', 'josz']) expect(key >= from && key < to).toBe(true);
    for (const key of ['jor', 'jot', 'jo']) expect(key >= from && key < to).toBe(false);
  });
});
