import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompressWebAssets, webAssetCacheControl } from './web-assets';

describe('precompressWebAssets', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kap-web-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .br and .gz copies that decompress to the original, and skips small or binary files', () => {
    const script = 'const answer = 42;\n'.repeat(500);
    writeFileSync(join(dir, 'main-ABCDEFGH.js'), script);
    writeFileSync(join(dir, 'tiny.css'), 'a{}');
    writeFileSync(join(dir, 'photo.png'), Buffer.alloc(5000, 7));
    expect(precompressWebAssets(dir)).toEqual({ compressed: 1, skipped: 0 });
    expect(brotliDecompressSync(readFileSync(join(dir, 'main-ABCDEFGH.js.br'))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(join(dir, 'main-ABCDEFGH.js.gz'))).toString()).toBe(script);
    expect(statSync(join(dir, 'main-ABCDEFGH.js.br')).size).toBeLessThan(script.length / 10);
    expect(existsSync(join(dir, 'tiny.css.br'))).toBe(false);
    expect(existsSync(join(dir, 'photo.png.br'))).toBe(false);
  });

  it('leaves fresh copies alone and redoes stale ones', () => {
    const file = join(dir, 'index.html');
    writeFileSync(file, '<p>first</p>'.repeat(200));
    precompressWebAssets(dir);
    expect(precompressWebAssets(dir)).toEqual({ compressed: 0, skipped: 1 });
    writeFileSync(file, '<p>second</p>'.repeat(200));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(precompressWebAssets(dir)).toEqual({ compressed: 1, skipped: 0 });
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toContain('second');
  });

  it('reports a directory it cannot read instead of throwing', () => {
    expect(precompressWebAssets(join(dir, 'missing')).error).toMatch(/ENOENT/);
  });
});

describe('webAssetCacheControl', () => {
  it.each([
    ['/srv/web/main-M45HKYED.js', 'public, max-age=31536000, immutable'],
    ['/srv/web/styles-5INURTSO.css', 'public, max-age=31536000, immutable'],
    ['/srv/web/index.html', 'no-cache'],
    ['/srv/web/favicon.ico', 'no-cache'],
  ])('%s → %s', (path, expected) => expect(webAssetCacheControl(path)).toBe(expected));
});
