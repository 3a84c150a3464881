import { toAttempt, toDelivery, toWebhook, type DeliveryRow } from './webhook-mapper';

const WEBHOOK = '00000000-0000-4000-8000-000000000a01';

describe('toWebhook', () => {
  it.each([
    ['an enabled webhook', null, null],
    ['a disabled one', new Date('2026-03-05T12:00:00.000Z'), '2026-03-05T12:00:00.000Z'],
  ])('%s', (_, disabledAt, expected) => {
    expect(
      toWebhook({
        id: WEBHOOK,
        url: 'https://team.example.test/hooks',
        description: null,
        created_at: new Date('2026-03-01T08:00:00.000Z'),
        disabled_at: disabledAt,
      }),
    ).toEqual({
      id: WEBHOOK,
      url: 'https://team.example.test/hooks',
      description: null,
      createdAt: '2026-03-01T08:00:00.000Z',
      disabledAt: expected,
    });
  });
});

describe('toAttempt', () => {
  it('keeps the status code, the error and the duration', () => {
    expect(
      toAttempt({
        delivery_id: 'd',
        at: new Date('2026-03-01T08:00:05.000Z'),
        status_code: 503,
        error: 'answered 503',
        duration_ms: 41,
      }),
    ).toEqual({ at: '2026-03-01T08:00:05.000Z', statusCode: 503, error: 'answered 503', durationMs: 41 });
  });
});

describe('toDelivery: the next attempt is shown only while the delivery is pending', () => {
  const row = (overrides: Partial<DeliveryRow>): DeliveryRow => ({
    id: '00000000-0000-4000-8000-000000000d01',
    webhook_id: WEBHOOK,
    event_id: '00000000-0000-4000-8000-000000000e01',
    event_type: 'status_update.created',
    patient_id: '00000000-0000-4000-8000-000000001001',
    status: 'pending',
    created_at: new Date('2026-03-01T08:00:00.000Z'),
    next_attempt_at: new Date('2026-03-01T08:01:00.000Z'),
    delivered_at: null,
    ...overrides,
  });

  it.each([
    ['pending', {}, '2026-03-01T08:01:00.000Z', null],
    ['pending, not yet scheduled', { next_attempt_at: null }, null, null],
    [
      'delivered',
      { status: 'delivered', next_attempt_at: null, delivered_at: new Date('2026-03-01T08:00:02.000Z') },
      null,
      '2026-03-01T08:00:02.000Z',
    ],
    // A cancelled or failed delivery may still carry the lease it had when it stopped.
    ['cancelled', { status: 'cancelled' }, null, null],
    ['failed', { status: 'failed' }, null, null],
  ] as [string, Partial<DeliveryRow>, string | null, string | null][])(
    '%s',
    (_, overrides, nextAttemptAt, deliveredAt) => {
      const attempts = [{ at: '2026-03-01T08:00:01.000Z', statusCode: null, error: 'x', durationMs: 3 }];
      expect(toDelivery(row(overrides), attempts)).toEqual({
        id: '00000000-0000-4000-8000-000000000d01',
        webhookId: WEBHOOK,
        eventId: '00000000-0000-4000-8000-000000000e01',
        eventType: 'status_update.created',
        patientId: '00000000-0000-4000-8000-000000001001',
        status: overrides.status ?? 'pending',
        createdAt: '2026-03-01T08:00:00.000Z',
        nextAttemptAt,
        deliveredAt,
        attempts,
      });
    },
  );
});
