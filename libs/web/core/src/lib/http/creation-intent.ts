import { HttpErrorResponse } from '@angular/common/http';
import { newIdempotencyKey } from './idempotency-key';

/**
 * One intended creation and its `Idempotency-Key`. A retry of the same body (after a timeout or a
 * network failure) reuses the key, so the server answers with the record it already made; a
 * changed body is a new intention and gets a new key.
 */
export class CreationIntent {
  private pending: { key: string; body: string } | null = null;

  keyFor(body: unknown): string {
    const serialized = JSON.stringify(body);
    if (this.pending?.body !== serialized) this.pending = { key: newIdempotencyKey(), body: serialized };
    return this.pending.key;
  }

  /** After an answer: keep the key only when the request may not have reached the server. */
  settle(error?: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 0) return;
    this.pending = null;
  }
}
