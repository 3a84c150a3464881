import type { WebhookDelivery } from '@kap/shared/contracts';
import { deliveryRow, describeAttempt } from './delivery-view';

const delivery = (overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id: 'd-1',
  webhookId: 'w-1',
  eventId: 'e-1',
  eventType: 'alert.raised',
  patientId: 'p-1',
  status: 'pending',
  createdAt: '2026-11-25T14:00:00.000Z',
  nextAttemptAt: '2026-11-25T14:00:10.000Z',
  deliveredAt: null,
  attempts: [],
  ...overrides,
});

describe('delivery log rows', () => {
  it.each([
    [undefined, 'Not tried yet'],
    [{ at: 'x', statusCode: 500, error: 'answered 500', durationMs: 12 }, 'HTTP 500'],
    [{ at: 'x', statusCode: null, error: 'connection refused', durationMs: 3 }, 'connection refused'],
    [{ at: 'x', statusCode: 204, error: null, durationMs: 41 }, 'HTTP 204 (41 ms)'],
  ])('describes the attempt %o as %s', (attempt, text) => {
    expect(describeAttempt(attempt)).toBe(text);
  });

  it('words each status and offers a retry unless delivered or cancelled', () => {
    const format = (iso: string) => `at ${iso}`;
    expect(deliveryRow(delivery(), format)).toMatchObject({
      event: 'Alert',
      statusLabel: 'Waiting to send',
      next: 'at 2026-11-25T14:00:10.000Z',
      canRetry: true,
      attemptCount: 0,
    });
    expect(deliveryRow(delivery({ status: 'failed', nextAttemptAt: null }), format)).toMatchObject({
      statusLabel: 'Failed',
      next: null,
      canRetry: true,
    });
    expect(
      deliveryRow(
        delivery({ status: 'delivered', eventType: 'medical_status.recorded', nextAttemptAt: null }),
        format,
      ),
    ).toMatchObject({
      event: 'Medical status',
      statusLabel: 'Delivered',
      canRetry: false,
    });
    // Its release of information ended: never sent, not even by hand (the API answers 409).
    expect(deliveryRow(delivery({ status: 'cancelled', nextAttemptAt: null }), format)).toMatchObject({
      statusLabel: 'Cancelled: the release of information ended',
      next: null,
      canRetry: false,
    });
  });
});
