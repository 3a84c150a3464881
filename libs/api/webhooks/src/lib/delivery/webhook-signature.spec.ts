import { createHmac } from 'node:crypto';
import { newWebhookSecret, WEBHOOK_SECRET_PREFIX, webhookSignature } from './webhook-signature';

describe('webhookSignature', () => {
  it('signs "<timestamp>.<body>" with the secret, the timestamp named beside it', () => {
    const body = '{"id":"e1"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1767225600.${body}`).digest('hex');
    expect(webhookSignature('whsec_test', 1767225600, body)).toBe(`t=1767225600,v1=${expected}`);
  });

  it('changes with the timestamp, so an old capture cannot be replayed under a new one', () => {
    expect(webhookSignature('whsec_test', 1, 'body')).not.toBe(webhookSignature('whsec_test', 2, 'body'));
  });
});

describe('newWebhookSecret', () => {
  it('is prefixed and carries 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret.startsWith(WEBHOOK_SECRET_PREFIX)).toBe(true);
    expect(Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
