import { isIpAddress, isLoopbackAddress, isPublicAddress } from '../network/public-address';

/**
 * Rules for delivering signed webhooks to a medical team's system: which endpoint addresses are
 * accepted, and when a failed delivery is tried again. Pure, so the API and the web page agree.
 */

/**
 * Seconds to wait after the n-th failed attempt (index 0 = after the first). A receiver that is
 * down for a deploy is retried within minutes; one that is down for a day gets the last tries
 * hours apart. After the last delay's attempt also fails, the delivery is `failed` (manual retry).
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [10, 30, 120, 600, 1800, 3600, 3 * 3600];

/** Attempts in one round: the first try plus one per delay. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;

/** How long to wait before the next attempt, given how many attempts failed so far; null: give up. */
export function webhookRetryDelaySeconds(failedAttempts: number): number | null {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) return 0;
  return WEBHOOK_RETRY_DELAYS_SECONDS[failedAttempts - 1] ?? null;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** `localhost.` and `LocalHost` name the same host as `localhost`: compare the plain form. */
function plainHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.+$/, '');
}

/**
 * Names and literal addresses that point into the server's own network (loopback, private,
 * link-local, carrier-grade NAT, cloud metadata, IPv4-mapped forms...). Host names are resolved
 * and their addresses judged by the API (`webhookAddressAllowed`) at registration and at every
 * attempt: see docs/decisions/0008-machine-access-webhooks.md.
 */
function isInternalHost(hostname: string): boolean {
  const host = plainHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isIpAddress(host) && !isPublicAddress(host);
}

/**
 * Whether the API may connect to this resolved address for a webhook: public unicast only; with
 * `allowLoopback` (development and tests, unsafe elsewhere) loopback as well.
 */
export function webhookAddressAllowed(address: string, options: { allowLoopback: boolean }): boolean {
  return isPublicAddress(address) || (options.allowLoopback && isLoopbackAddress(address));
}

/** The words for an address that resolves (or may resolve) into a private network. */
export const WEBHOOK_PRIVATE_ADDRESS_PROBLEM =
  "must point to the medical team's system on the internet, not to a local or private network address";

/**
 * Why a webhook address cannot be used, in words for the coordinator; null when it can.
 * Only HTTPS to a public host, except `http://127.0.0.1` (or localhost) when `allowLoopback` is
 * set for development and tests.
 */
export function webhookUrlProblem(raw: string, options: { allowLoopback: boolean }): string | null {
  if (raw.length > 2000) return 'must be at most 2000 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be a full address like https://ehr.example.org/kap-events';
  }
  if (url.username || url.password)
    return 'must not contain a user name or password; the signature proves the sender';
  if (url.hash) return 'must not contain a #fragment';
  const loopback = LOOPBACK_HOSTS.has(plainHost(url.hostname));
  if (url.protocol === 'http:') {
    if (options.allowLoopback && loopback) return null;
    return 'must start with https:// (events carry patient data and are only sent encrypted)';
  }
  if (url.protocol !== 'https:') return 'must start with https://';
  if (isInternalHost(url.hostname) && !(options.allowLoopback && loopback))
    return WEBHOOK_PRIVATE_ADDRESS_PROBLEM;
  return null;
}
