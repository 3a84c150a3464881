/**
 * A person's age in whole years on `today` (both `YYYY-MM-DD`). Someone born on 29 February
 * turns a year older on 1 March in common years, as most jurisdictions count it.
 */
export function ageOn(dateOfBirth: string, today: string): number {
  // Slices rather than split/map: a patient list computes one age per row.
  const birthYear = Number(dateOfBirth.slice(0, 4));
  const birthMonth = Number(dateOfBirth.slice(5, 7));
  const birthDay = Number(dateOfBirth.slice(8, 10));
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const day = Number(today.slice(8, 10));
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
