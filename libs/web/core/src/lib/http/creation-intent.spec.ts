import { HttpErrorResponse } from '@angular/common/http';
import { CreationIntent } from './creation-intent';

describe('CreationIntent', () => {
  it('keeps the key for a retry of the same body, and takes a new one for a changed body', () => {
    const intent = new CreationIntent();
    const first = intent.keyFor({ a: 1 });
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(intent.keyFor({ a: 1 })).toBe(first);
    const changed = intent.keyFor({ a: 2 });
    expect(changed).not.toBe(first);
    intent.settle();
    expect(intent.keyFor({ a: 2 })).not.toBe(changed);
  });

  it('keeps the key after a failure that may not have reached the server, and drops it after an answer', () => {
    const intent = new CreationIntent();
    const first = intent.keyFor({ a: 1 });
    intent.settle(new HttpErrorResponse({ status: 0 }));
    expect(intent.keyFor({ a: 1 })).toBe(first);
    intent.settle(new HttpErrorResponse({ status: 400 }));
    expect(intent.keyFor({ a: 1 })).not.toBe(first);
  });
});
