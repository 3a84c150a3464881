/**
 * What a person types at the second sign-in step: a 6-digit code from their authenticator app
 * (TOTP, RFC 6238) or one of their printed recovery codes. Pure rules, shared by API and web.
 */

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;

/**
 * Recovery codes use Crockford's base32 alphabet (no I, L, O, U): 10 characters carry 50 random
 * bits, far beyond what 10 guesses per 15 minutes can reach, and they are shown as `ABCDE-FGHJK`.
 */
export const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_CODE_LENGTH = 10;

export type OneTimeCode = { kind: 'totp'; code: string } | { kind: 'recovery'; code: string };

/** `ABCDE-FGHJK` from 10 alphabet characters. */
export function formatRecoveryCode(raw: string): string {
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/**
 * The canonical form of a typed recovery code, or null when it cannot be one. Case, spaces and
 * hyphens do not matter, and the letters people confuse with digits are read as those digits.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const canonical = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (canonical.length !== RECOVERY_CODE_LENGTH) return null;
  for (const char of canonical) if (!RECOVERY_ALPHABET.includes(char)) return null;
  return canonical;
}

/** Tells an app code from a recovery code; null when the input is neither. */
export function readOneTimeCode(input: string): OneTimeCode | null {
  const compact = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  const recovery = normalizeRecoveryCode(input);
  return recovery === null ? null : { kind: 'recovery', code: recovery };
}

/** The 30-second step a moment falls in; a code accepted for a step is never accepted again. */
export function totpTimeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}
