#!/usr/bin/env node
/**
 * Lighthouse (mobile, simulated throttling) on the sign-in, dashboard and patient-trend pages of
 * the production build, in Debian's Chromium. Starts its own API on an in-memory database with the
 * demo practice, signs in as a demo therapist and sends the session cookie with every request.
 * Prints the scores and writes dist/lighthouse/report.json; exits 1 when a page misses
 * performance ≥ 90, accessibility ≥ 95 or CLS ≤ 0.1.
 *
 *   npm run lighthouse            (builds api and web first when dist/ is missing)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.LIGHTHOUSE_PORT ?? 4370);
const origin = `http://127.0.0.1:${port}`;
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const TARGETS = { performance: 90, accessibility: 95, cls: 0.1, initialJsKb: 300 };

/** Raw size of the JavaScript the browser must fetch before the first route: the entry script and its modulepreloads. */
function initialJavaScriptKb() {
  const browser = resolve(root, 'dist/apps/web/browser');
  const html = readFileSync(resolve(browser, 'index.html'), 'utf8');
  const files = new Set([...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]));
  let bytes = 0;
  for (const file of files) bytes += statSync(resolve(browser, file)).size;
  return Math.round((bytes / 1024) * 100) / 100;
}
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'kap-demo-2026';

function ensureBuilt() {
  if (existsSync(resolve(root, 'dist/apps/api/main.js')) && existsSync(resolve(root, 'dist/apps/web/browser/index.html'))) return;
  console.log('Building api and web (production) …');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--output-style=static'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
}

async function waitForHealth(deadlineMs) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the API did not answer on ${origin} within ${deadlineMs / 1000} s`);
}

async function signIn(email) {
  const response = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kap_session='));
  return cookie.split(';')[0];
}

async function trendPath(cookie) {
  const response = await fetch(`${origin}/api/patients?q=${encodeURIComponent("O'Connor")}`, { headers: { cookie } });
  const [patient] = (await response.json()).items;
  if (!patient) throw new Error('the demo patient with a year of PHQ-9 scores was not found');
  return `/patients/${patient.id}/scores/PHQ9`;
}

async function audit(chrome, path, cookie) {
  const result = await lighthouse(
    `${origin}${path}`,
    {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: cookie ? { Cookie: cookie } : undefined,
    },
  );
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.message}`);
  const scripts = lhr.audits['resource-summary']?.details?.items?.find((i) => i.resourceType === 'script');
  return {
    page: path,
    finalUrl: lhr.finalDisplayedUrl,
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    cls: Number(lhr.audits['cumulative-layout-shift'].numericValue.toFixed(3)),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
    tbtMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
    scriptTransferKb: scripts ? Math.round(scripts.transferSize / 1024) : null,
    failedAccessibilityAudits: Object.values(lhr.audits)
      .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score === 0)
      .map((a) => a.id),
  };
}

async function main() {
  ensureBuilt();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: 'memory://', SEED_DEMO: 'true', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // the embedded database, like `npm start`
  const api = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let chrome;
  try {
    await waitForHealth(120_000);
    const cookie = await signIn('therapist2@demo.test');
    const pages = [
      { name: 'sign-in', path: '/sign-in', cookie: null },
      { name: 'dashboard', path: '/', cookie },
      { name: 'patient trend', path: await trendPath(cookie), cookie },
    ];
    chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    const results = [];
    for (const page of pages) {
      console.log(`Lighthouse: ${page.name} (${page.path}) …`);
      results.push({ name: page.name, ...(await audit(chrome, page.path, page.cookie)) });
    }
    console.log('\n| page | performance | accessibility | CLS | LCP ms | TBT ms | script kB (transfer) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const r of results) {
      console.log(`| ${r.name} | ${r.performance} | ${r.accessibility} | ${r.cls} | ${r.lcpMs} | ${r.tbtMs} | ${r.scriptTransferKb ?? '–'} |`);
      if (r.failedAccessibilityAudits.length) console.log(`  accessibility audits failed on ${r.name}: ${r.failedAccessibilityAudits.join(', ')}`);
    }
    const initialJs = initialJavaScriptKb();
    console.log(`\nInitial JavaScript (entry + modulepreloads, raw): ${initialJs} kB (target ≤ ${TARGETS.initialJsKb} kB)`);
    const misses = results.flatMap((r) => [
      ...(r.performance < TARGETS.performance ? [`${r.name}: performance ${r.performance} < ${TARGETS.performance}`] : []),
      ...(r.accessibility < TARGETS.accessibility ? [`${r.name}: accessibility ${r.accessibility} < ${TARGETS.accessibility}`] : []),
      ...(r.cls > TARGETS.cls ? [`${r.name}: CLS ${r.cls} > ${TARGETS.cls}`] : []),
    ]);
    if (initialJs > TARGETS.initialJsKb) misses.push(`initial JavaScript ${initialJs} kB > ${TARGETS.initialJsKb} kB`);
    const out = resolve(root, 'dist/lighthouse/report.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), targets: TARGETS, initialJavaScriptKb: initialJs, results, misses }, null, 2));
    console.log(`\nWritten ${out}`);
    if (misses.length) {
      console.error(`\nTargets missed:\n  ${misses.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log('All three pages meet the targets.');
    }
  } finally {
    if (chrome) await chrome.kill();
    api.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
