import { auditKeyPads } from './audit-key';
import { connectionSettings } from './connection-settings';

describe('connectionSettings', () => {
  it.each([
    ['without an audit key', undefined, '-c max_parallel_workers_per_gather=0'],
    ['with a null audit key', null, '-c max_parallel_workers_per_gather=0'],
    [
      'with an audit key, given as its pads',
      'k'.repeat(64),
      `-c max_parallel_workers_per_gather=0 -c kap.audit_key=${auditKeyPads('k'.repeat(64))}`,
    ],
  ])('%s', (_name, key, expected) => {
    expect(connectionSettings(key)).toBe(expected);
  });
});
