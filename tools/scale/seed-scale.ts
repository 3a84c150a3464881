/**
 * Scale data generator (issue 8, docs/requirements.md "Scale data"): fills an EMPTY PostgreSQL database with a
 * large organization in about a minute, set-based (INSERT … SELECT generate_series, COPY), repeatable.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kap_scale npm run seed:scale -- [--patients 50000] [--reset]
 *
 * The schema comes from the product's own migrations (the built API's `verify-audit` command runs
 * them first). Rows are loaded with triggers off (session_replication_role = replica, which needs a
 * superuser), so the generator computes the audit chain itself (HMAC with the API's audit key,
 * AUDIT_KEY or the key file in DATA_DIR), exactly like the trigger; the
 * run ends by checking that chain with the product's verifier. Demo accounts (therapist@demo.test …,
 * password DEMO_PASSWORD or "kap-demo-2026") are members of practice 0 and medical team 0.
 */
import { hash } from '@node-rs/argon2';
import { Client } from 'pg';
import { auditKeyForTools, ensureApiBuilt, runApiCommand } from './api-build';
import { AUDIT_COLUMNS, auditChunks } from './audit-stream';
import { clinicalSteps } from './clinical-sql';
import { copyFrom } from './pg-copy';
import { FULL_SCALE_PATIENTS, scaleSize } from './scale-size';

const BIG_TABLES = [
  'patient',
  'course',
  'care_team_link',
  'medical_status_entry',
  'therapy_session',
  'note',
  'note_addendum',
  'status_update',
  'outcome',
  'alert',
  'audit_event',
];

const started = Date.now();
const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`;
const say = (text: string) => console.log(`${stamp()} ${text}`);

function args(argv: string[]): { patients: number; reset: boolean; verify: boolean } {
  let patients = FULL_SCALE_PATIENTS;
  let reset = false;
  let verify = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--patients') patients = Number(argv[++i]);
    else if (argv[i].startsWith('--patients=')) patients = Number(argv[i].slice('--patients='.length));
    else if (argv[i] === '--reset') reset = true;
    else if (argv[i] === '--verify') verify = true;
    else throw new Error(`Unknown option ${argv[i]}. Use --patients <n>, --reset and --verify.`);
  }
  return { patients, reset, verify };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  // Bulk load: triggers (and the foreign-key triggers) off, no waiting for the WAL flush per statement.
  await client.query(`SET session_replication_role = replica; SET synchronous_commit = off;
                      SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'; SELECT setseed(0.2026)`);
  return client;
}

async function main(): Promise<void> {
  const { patients, reset, verify } = args(process.argv.slice(2));
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('Set DATABASE_URL to the (empty) PostgreSQL database to fill.');
  const size = scaleSize(patients);
  say(
    `Scale data into ${databaseUrl.replace(/\/\/[^@]*@/, '//')}: ${size.patients.toLocaleString('en')} patients, ` +
      `${size.therapists.toLocaleString('en')} therapists in ${size.practices} practices, ${size.medicalTeams} medical teams`,
  );

  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  const [{ superuser }] = (
    await admin.query(`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`)
  ).rows;
  if (!superuser)
    throw new Error(
      'The generator loads with triggers off (session_replication_role), which needs a superuser.',
    );
  const [{ tables }] = (
    await admin.query(`SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = 'public'`)
  ).rows;
  if (tables > 0) {
    if (!reset)
      throw new Error('This database is not empty. Use --reset to drop everything in it and generate again.');
    say('--reset: dropping the public schema');
    await admin.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public`);
  }
  const buildStart = Date.now();
  ensureApiBuilt(say);
  const buildSeconds = (Date.now() - buildStart) / 1000;
  say('migrations (node dist/apps/api/main.js verify-audit) …');
  runApiCommand(databaseUrl, 'verify-audit');

  const passwordHash = await hash(process.env['DEMO_PASSWORD'] || 'kap-demo-2026');
  const now = new Date();

  // Secondary indexes are built once at the end (a sort) instead of row by row; the ones a
  // constraint needs (primary keys, foreign-key targets) stay.
  const { rows: indexes } = await admin.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition, t.relname AS table_name
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
      WHERE ns.nspname = 'public' AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [BIG_TABLES],
  );
  await admin.query(`DROP INDEX ${indexes.map((i) => i.name).join(', ')}`);
  // Primary keys that no foreign key depends on go too (random UUIDs inserted one by one into a
  // btree of millions are the slowest part of a load); they come back under their own names.
  const { rows: keys } = await admin.query(
    `SELECT c.conname AS name, t.relname AS table_name,
            format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid)) AS definition
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
      WHERE ns.nspname = 'public' AND c.contype = 'p' AND t.relname = ANY($1) AND t.relname <> 'audit_event'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)`,
    [BIG_TABLES],
  );
  for (const key of keys) await admin.query(`ALTER TABLE ${key.table_name} DROP CONSTRAINT ${key.name}`);
  indexes.push(...keys);
  say(
    `dropped ${indexes.length - keys.length} secondary indexes and ${keys.length} primary keys for the load`,
  );

  const clinical = await connect(databaseUrl);
  const audit = await connect(databaseUrl);
  // Indexes are rebuilt by whichever connection is free: the clinical tables' as soon as their
  // rows are in (while the audit trail is still streaming, its longest step), the audit trail's
  // when it is complete. The biggest first on each side.
  const auditIndexes = indexes.filter((i) => i.table_name === 'audit_event');
  const weight = (table: string) => (table === 'outcome' ? 0 : table === 'therapy_session' ? 1 : 2);
  const clinicalIndexes = indexes
    .filter((i) => i.table_name !== 'audit_event')
    .sort((a, b) => weight(a.table_name) - weight(b.table_name));
  let indexStart = 0;
  const buildFrom = async (client: Client, queue: typeof indexes) => {
    if (indexStart === 0) indexStart = Date.now();
    for (let next = queue.shift(); next; next = queue.shift()) await client.query(next.definition);
  };
  const clinicalLoad = (async () => {
    for (const step of clinicalSteps(size, now, passwordHash)) {
      const t0 = Date.now();
      const result = await clinical.query(step.sql, step.params);
      const count = [result].flat().reduce((sum, r) => sum + (r.rowCount ?? 0), 0);
      say(`${step.label}: ${count.toLocaleString('en')} rows (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  })();
  const auditLoad = (async () => {
    const t0 = Date.now();
    let lastTenth = 0;
    const rows = await copyFrom(
      audit,
      `COPY audit_event (${AUDIT_COLUMNS}) FROM STDIN`,
      auditChunks(size, now, { seq: 1, prevHash: 'genesis', key: auditKeyForTools() }, (done) => {
        const tenth = Math.floor((done / size.auditEvents) * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          say(`audit events: ${tenth * 10} % (${done.toLocaleString('en')})`);
        }
      }),
    );
    await audit.query(`SELECT setval('audit_event_seq', $1)`, [rows]);
    say(
      `audit events: ${rows.toLocaleString('en')} rows, hash-chained (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
  })();
  await Promise.all([
    clinicalLoad.then(async () => {
      await buildFrom(clinical, clinicalIndexes);
      await auditLoad;
      await buildFrom(clinical, auditIndexes);
    }),
    auditLoad.then(async () => {
      await buildFrom(audit, auditIndexes);
      await buildFrom(audit, clinicalIndexes);
    }),
  ]);
  say(
    `rebuilt ${indexes.length} indexes and keys (${((Date.now() - indexStart) / 1000).toFixed(1)} s, from the end of the first load)`,
  );
  const vacuum = [...BIG_TABLES, 'organization', 'app_user'];
  const t2 = Date.now();
  await Promise.all(
    [clinical, audit].map(async (client) => {
      for (let table = vacuum.shift(); table; table = vacuum.shift())
        await client.query(`VACUUM (ANALYZE) ${table}`);
    }),
  );
  say(`vacuum analyze (${((Date.now() - t2) / 1000).toFixed(1)} s)`);
  await Promise.all([clinical.end(), audit.end()]);

  const { rows: counts } = await admin.query(
    `SELECT t, (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM ' || t, false, true, '')))[1]::text::bigint AS rows
       FROM unnest($1::text[]) t`,
    [['app_user', ...BIG_TABLES]],
  );
  await admin.end();
  // The API build (only when dist/ has none) is not part of generating the data.
  const loadSeconds = (Date.now() - started) / 1000 - buildSeconds;
  if (verify) {
    say('verifying the audit chain with the product (npm run audit:verify) …');
    say(runApiCommand(databaseUrl, 'verify-audit'));
  }
  console.log('\n  table                  rows');
  for (const c of counts)
    console.log(`  ${c.t.padEnd(20)} ${Number(c.rows).toLocaleString('en').padStart(11)}`);
  console.log(
    `\nGenerated in ${loadSeconds.toFixed(1)} s (target ≤ 90 s at 50,000 patients on 2 cores)` +
      (buildSeconds >= 1 ? `, after ${buildSeconds.toFixed(1)} s building the API.` : '.') +
      (verify
        ? ''
        : `\nCheck the audit chain with: DATABASE_URL=… npm run audit:verify (or pass --verify).`) +
      `\nSign in as therapist@demo.test (50 patients), admin@demo.test (practice 0) or prescriber@demo.test (medical team 0).`,
  );
}

main().catch((error: unknown) => {
  console.error(
    `${stamp()} Scale generation failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
