import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { REFERENCE_SESSION_COOKIE } from './nest-duties-hello';

// P2's ceiling is only a ceiling while it pays what the API pays on every answer; the benchmark is
// not run by CI, so this checks the reference itself: the API's headers, its request log, its guard.
let server: ChildProcess;
let base: string;
let logFile: string;

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  return port;
}

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  logFile = join(mkdtempSync(join(tmpdir(), 'kap-p2-ceiling-')), 'out.log');
  const out = openSync(logFile, 'w');
  server = fork(resolve(__dirname, 'nest-duties-hello.ts'), [String(port)], {
    stdio: ['ignore', out, out, 'ipc'],
    execArgv: ['-r', '@swc-node/register'],
  });
  await once(server, 'message');
});

after(async () => {
  server.kill('SIGINT');
  await once(server, 'exit');
});

test('answers a signed-in request with the API’s security headers, a request id and the actor', async () => {
  const response = await fetch(`${base}/api/auth/me`, { headers: { cookie: REFERENCE_SESSION_COOKIE } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(((await response.json()) as { role: string }).role, 'therapist');
});

test('refuses a request without the session cookie', async () => {
  const response = await fetch(`${base}/api/auth/me`);
  assert.equal(response.status, 403);
});

test('writes the API’s request line for each request', async () => {
  const response = await fetch(`${base}/api/auth/me`, {
    headers: { cookie: REFERENCE_SESSION_COOKIE, 'x-request-id': 'p2-ceiling-check' },
  });
  await response.arrayBuffer();
  // The batched writer hands lines on at least once a second.
  const deadline = Date.now() + 5000;
  let text = '';
  while (Date.now() < deadline && !text.includes('p2-ceiling-check')) {
    await new Promise((done) => setTimeout(done, 100));
    text = readFileSync(logFile, 'utf8');
  }
  const line = text.split('\n').find((l) => l.includes('p2-ceiling-check'));
  assert.ok(line, 'the request line was written');
  assert.deepEqual(JSON.parse(line).req, { id: 'p2-ceiling-check', method: 'GET', path: '/api/auth/me' });
});
