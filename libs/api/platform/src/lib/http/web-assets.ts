import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.webmanifest',
  '.ico',
  '.map',
]);
const MIN_BYTES = 1024;

/**
 * Writes `.br` and `.gz` beside each compressible file of the built web app, once, so the static
 * server can hand browsers the compressed copy (`preCompressed`) without compressing per request:
 * the initial JavaScript goes over the wire at about a quarter of its size. Files already
 * compressed and newer than their source are left alone. A read-only deployment simply serves the
 * files uncompressed; the answer says how many files have compressed copies.
 */
export function precompressWebAssets(root: string): { compressed: number; skipped: number; error?: string } {
  let compressed = 0;
  let skipped = 0;
  try {
    for (const file of filesUnder(root)) {
      if (!COMPRESSIBLE.has(extname(file)) || statSync(file).size < MIN_BYTES) continue;
      const modified = statSync(file).mtimeMs;
      const fresh = (copy: string) => existsSync(copy) && statSync(copy).mtimeMs >= modified;
      if (fresh(`${file}.br`) && fresh(`${file}.gz`)) {
        skipped++;
        continue;
      }
      const source = readFileSync(file);
      writeAtomically(
        `${file}.br`,
        brotliCompressSync(source, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
        }),
      );
      writeAtomically(`${file}.gz`, gzipSync(source, { level: 9 }));
      compressed++;
    }
    return { compressed, skipped };
  } catch (error) {
    return { compressed, skipped, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Content-hashed build outputs never change under their name; everything else is revalidated. */
export function webAssetCacheControl(path: string): string {
  return /-[A-Z0-9]{8}\.(js|css|woff2?)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

function writeAtomically(path: string, content: Buffer): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
