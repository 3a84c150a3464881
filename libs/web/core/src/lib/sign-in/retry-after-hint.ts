import type { HttpErrorResponse } from '@angular/common/http';

/** Turns a Retry-After header (seconds, or an HTTP date) into "about N minutes". */
export function retryAfterHint(error: HttpErrorResponse, now: number): string {
  const raw = error.headers?.get('Retry-After');
  if (!raw) return '';
  const seconds = /^\d+$/.test(raw.trim()) ? Number(raw) : (Date.parse(raw) - now) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) return '';
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return ` You can try again in about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}
