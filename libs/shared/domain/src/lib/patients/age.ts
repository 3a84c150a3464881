/**
 * A person's age in whole years on `today` (both `YYYY-MM-DD`). Someone born on 29 February
 * turns a year older on 1 March in common years, as most jurisdictions count it.
 */
export function ageOn(dateOfBirth: string, today: string): number {
  const [birthYear, birthMonth, birthDay] = dateOfBirth.split('-').map(Number);
  const [year, month, day] = today.split('-').map(Number);
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
