import { createInterface } from 'node:readline/promises';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  AutocommitQueries,
  databaseOptions,
  insertMember,
  PasswordHasher,
  SystemClock,
  verifyAuditChain,
  type AppConfig,
} from '@kap/api/core';
import type { OrganizationKind } from '@kap/shared/contracts';
import { DomainError, isTimeZone } from '@kap/shared/domain';

const USAGE = `Commands:
  create-admin --organization "<name>" --kind practice|medical_team --email <email> --name "<display name>" [--time-zone <IANA zone>]
      Creates a new organization and its first administrator (a practice admin, or a care
      coordinator for a medical team). The password is read from ADMIN_PASSWORD or asked for.
      --time-zone (e.g. America/New_York, default UTC) is the calendar its date rules count in.
  verify-audit
      Recomputes the audit chain and names the first row that was changed or removed.`;

/** Operator commands run as `node dist/apps/api/main.js <command>`; returns the exit code. */
export async function runAdminCommand(argv: string[], config: AppConfig, env: Record<string, string | undefined>): Promise<number> {
  const [command, ...rest] = argv;
  const dataSource = new DataSource(databaseOptions({ ...config, dbPoolMax: 2 }, config.databaseUrl!));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'create-admin':
        return await createAdmin(dataSource, flags(rest), env);
      case 'verify-audit': {
        const report = await verifyAuditChain(dataSource);
        if (report.firstBroken) {
          console.error(
            `Audit chain BROKEN after checking ${report.checked} events: first bad row seq=${report.firstBroken.seq} ` +
              `id=${report.firstBroken.id} (${report.firstBroken.reason === 'content_changed' ? 'its content was changed' : 'the row before it was removed or changed'}).`,
          );
          return 2;
        }
        console.log(`Audit chain intact: ${report.checked} events verified in ${report.chains} chain${report.chains === 1 ? '' : 's'}.`);
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

async function createAdmin(dataSource: DataSource, args: Map<string, string>, env: Record<string, string | undefined>): Promise<number> {
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
    console.error(`--time-zone must be an IANA time zone name such as America/New_York. Nothing was created.`);
    return 65;
  }
  const password = env['ADMIN_PASSWORD'] ?? (await ask('Password for the new admin (at least 12 characters): '));
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
  console.log(`Created ${kind} "${organization}" (${member.organization_id}) with admin ${member.email} (${member.role}).`);
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
