import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  compareWithCheckpoints,
  readAuditCheckpoints,
  verifyAuditChain,
  writeAuditCheckpoint,
} from '@kap/api/audit';
import { insertMember, PasswordHasher } from '@kap/api/identity';
import { AutocommitQueries, databaseOptions, SystemClock, type AppConfig } from '@kap/api/platform';
import type { OrganizationKind } from '@kap/shared/contracts';
import { DomainError, isTimeZone } from '@kap/shared/domain';

const USAGE = `Commands:
  create-admin --organization "<name>" --kind practice|medical_team --email <email> --name "<display name>" [--time-zone <IANA zone>]
      Creates a new organization and its first administrator (a practice admin, or a care
      coordinator for a medical team). The password is read from ADMIN_PASSWORD or asked for.
      --time-zone (e.g. America/New_York, default UTC) is the calendar its date rules count in.
  verify-audit
      Recomputes the audit chain with AUDIT_KEY and names the first row that was changed or removed,
      then compares it with the checkpoints in AUDIT_CHECKPOINT_DIR (a deleted tail shows only there).
  audit-checkpoint
      Appends a checkpoint (each chain's newest seq and MAC, itself signed) to AUDIT_CHECKPOINT_DIR.`;

/** Operator commands run as `node dist/apps/api/main.js <command>`; returns the exit code. */
export async function runAdminCommand(
  argv: string[],
  config: AppConfig,
  env: Record<string, string | undefined>,
): Promise<number> {
  const [command, ...rest] = argv;
  const dataSource = new DataSource(databaseOptions({ ...config, dbPoolMax: 2 }, config.databaseUrl!));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'create-admin':
        return await createAdmin(dataSource, flags(rest), env);
      case 'verify-audit':
        return await verifyAudit(dataSource, config);
      case 'audit-checkpoint': {
        const checkpoint = await writeAuditCheckpoint(
          dataSource,
          auditKeyOf(config),
          config.auditCheckpointDir,
          new Date(),
        );
        console.log(
          `Audit checkpoint of ${checkpoint.at} written to ${config.auditCheckpointDir}: ${checkpoint.heads.length} chain heads.`,
        );
        return 0;
      }
      default:
        console.error(USAGE);
        return 64;
    }
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`${error.message} Nothing was created.`);
      return 65;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

/** Exit 0 when the chain is intact and holds every checkpointed head; 2 otherwise, naming each problem. */
async function verifyAudit(dataSource: DataSource, config: AppConfig): Promise<number> {
  const report = await verifyAuditChain(dataSource);
  const file = await readAuditCheckpoints(config.auditCheckpointDir, auditKeyOf(config));
  const findings = await compareWithCheckpoints(dataSource, file.checkpoints);
  const [{ database }] = await dataSource.query(`SELECT current_database() AS database`);
  const own = file.checkpoints.filter((checkpoint) => checkpoint.database === database);
  const broken = report.firstBroken;
  const problems = [
    ...(broken
      ? [
          `first bad row seq=${broken.seq} id=${broken.id} (${broken.reason === 'content_changed' ? 'its content was changed, or the chain recomputed without the key; or AUDIT_KEY is not the key the trail was written with' : 'the row before it was removed or changed'})`,
        ]
      : []),
    ...file.badLines.map(
      (line) =>
        `checkpoint line ${line} of ${file.path} is not signed with this audit key (edited, or written with another key)`,
    ),
    ...findings.map((finding) => finding.message),
  ];
  if (problems.length > 0) {
    console.error(`Audit chain BROKEN after checking ${report.checked} events: ${problems.join('; ')}.`);
    return 2;
  }
  const chains = `${report.checked} events verified in ${report.chains} chain${report.chains === 1 ? '' : 's'}`;
  if (own.length === 0) {
    console.log(
      `Audit chain intact: ${chains}. No checkpoint of database ${database} in ${file.path} yet, so a deleted tail would not show: ` +
        `run npm run audit:checkpoint (the API writes one every AUDIT_CHECKPOINT_INTERVAL_MINUTES).`,
    );
    return 0;
  }
  const latest = own[own.length - 1].at;
  console.log(
    `Audit chain intact: ${chains}, reaching every head of ${own.length} checkpoint(s) of database ${database} (latest ${latest}).`,
  );
  return 0;
}

function auditKeyOf(config: AppConfig): string {
  if (!config.auditKey) throw new Error('No audit key: set AUDIT_KEY.');
  return config.auditKey;
}

async function createAdmin(
  dataSource: DataSource,
  args: Map<string, string>,
  env: Record<string, string | undefined>,
): Promise<number> {
  const organization = args.get('organization');
  const kind = args.get('kind') as OrganizationKind | undefined;
  const email = args.get('email');
  const name = args.get('name');
  if (!organization || !email || !name || (kind !== 'practice' && kind !== 'medical_team')) {
    console.error(USAGE);
    return 64;
  }
  const timeZone = args.get('time-zone') ?? 'UTC';
  if (!isTimeZone(timeZone)) {
    console.error(
      `--time-zone must be an IANA time zone name such as America/New_York. Nothing was created.`,
    );
    return 65;
  }
  const password =
    env['ADMIN_PASSWORD'] ?? (await ask('Password for the new admin (at least 12 characters): '));
  if (password.length < 12) {
    console.error('The password must be at least 12 characters long. Nothing was created.');
    return 65;
  }
  const passwordHash = await new PasswordHasher().hash(password);
  const now = new Date();
  const member = await dataSource.transaction(async (manager) => {
    const [org] = await manager.query(
      `INSERT INTO organization (name, kind, time_zone, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [organization, kind, timeZone, now],
    );
    const created = await insertMember(
      manager,
      {
        organizationId: org.id,
        organizationKind: kind,
        email,
        displayName: name,
        role: kind === 'practice' ? 'practice_admin' : 'care_coordinator',
        passwordHash,
      },
      now,
    );
    await new AuditLog(new AutocommitQueries(dataSource), new SystemClock()).record(
      {
        action: 'member.create',
        outcome: 'success',
        organizationId: org.id,
        entityType: 'user',
        entityId: created.id,
        detail: { via: 'create-admin command' },
      },
      manager,
    );
    return created;
  });
  console.log(
    `Created ${kind} "${organization}" (${member.organization_id}) with admin ${member.email} (${member.role}).`,
  );
  return 0;
}

function flags(args: string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--') && i + 1 < args.length) result.set(args[i].slice(2), args[++i]);
  }
  return result;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
