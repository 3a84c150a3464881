/** Letters that Unicode does not decompose into a base letter and a mark. */
const FOLDED_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * The form in which names are stored for search and sorting, and in which search text is
 * compared with them: accents removed, lower case, apostrophes dropped, hyphens and runs of spaces
 * made one space. So "José", "JOSE" and "jose" meet, and so do "O'Brien" and "obrien".
 */
export function nameSearchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => FOLDED_LETTERS[letter])
    .replace(/['’`ʼ.]/g, '')
    .replace(/[\s\-‐–—_,]+/g, ' ')
    .trim();
}

/** The name keys a patient is found by: "given family", "family given", "preferred family". */
export function patientNameKeys(name: {
  givenName: string;
  familyName: string;
  preferredName?: string | null;
}): {
  givenFamily: string;
  familyGiven: string;
  preferredFamily: string | null;
  /** Family name, then given name: the caseload's order. The separator sorts before any letter. */
  sortKey: string;
} {
  const given = nameSearchKey(name.givenName);
  const family = nameSearchKey(name.familyName);
  const preferred = name.preferredName ? nameSearchKey(name.preferredName) : '';
  return {
    givenFamily: `${given} ${family}`.trim(),
    familyGiven: `${family} ${given}`.trim(),
    preferredFamily: preferred ? `${preferred} ${family}`.trim() : null,
    sortKey: `${family}\u0001${given}`,
  };
}

/**
 * The half-open range `[from, to)` of keys that start with `prefix`, compared byte by byte
 * (the key columns use the "C" collation), so that a plain btree index answers a prefix search.
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  const last = prefix.codePointAt(prefix.length - 1) ?? 0;
  const head = prefix.slice(0, prefix.length - String.fromCodePoint(last).length);
  return { from: prefix, to: head + String.fromCodePoint(last + 1) };
}
