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

/**
 * Literal addresses that point into the server's own network (loopback, private, link-local,
 * carrier-grade NAT, cloud metadata). A webhook must not turn the API into a probe of those.
 * Host names are not resolved here: see docs/decisions/0008-machine-access-webhooks.md.
 */
function isInternalAddress(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1).toLowerCase();
    return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:');
  }
  return false;
}

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
  if (url.username || url.password) return 'must not contain a user name or password; the signature proves the sender';
  if (url.hash) return 'must not contain a #fragment';
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol === 'http:') {
    if (options.allowLoopback && loopback) return null;
    return 'must start with https:// (events carry patient data and are only sent encrypted)';
  }
  if (url.protocol !== 'https:') return 'must start with https://';
  if (isInternalAddress(url.hostname) && !(options.allowLoopback && loopback)) {
    return "must point to the medical team's system on the internet, not to a local or private network address";
  }
  return null;
}
