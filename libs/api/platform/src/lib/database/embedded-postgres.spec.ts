import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './embedded-postgres';

describe('data directory lock', () => {
  it('stops a second process with a message that says what to do, and frees the directory on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-lock-'));
    const release = lockDataDir(dir);
    // A live process that is not us holds the lock: pid 1 always exists.
    writeFileSync(join(dir, 'kap-care.lock'), '1');
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(/Stop that process first, or start this one with DATA_DIR/);
    release();
    expect(existsSync(join(dir, 'kap-care.lock'))).toBe(false);
  });

  it('takes over the lock of a process that no longer exists (a crash)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-lock-'));
    writeFileSync(join(dir, 'kap-care.lock'), '2147483646');
    const release = lockDataDir(dir);
    expect(existsSync(join(dir, 'kap-care.lock'))).toBe(true);
    release();
  });
});
