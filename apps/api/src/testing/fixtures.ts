import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertMember, PasswordHasher } from '@kap/api/identity';
import type { OrganizationKind, Role } from '@kap/shared/contracts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | null = null;

export interface Person {
  id: string;
  email: string;
  role: Role;
  organizationId: string;
}

/** A new organization with one person per role asked for; unique emails, so suites never collide. */
export async function createOrganization(
  app: NestFastifyApplication,
  kind: OrganizationKind,
  roles: Role[],
): Promise<{ organizationId: string; people: Person[] }> {
  const dataSource = app.get(DataSource);
  passwordHash ??= new PasswordHasher().hash(TEST_PASSWORD);
  const hash = await passwordHash;
  return dataSource.transaction(async (manager) => {
    const [org] = await manager.query(`INSERT INTO organization (name, kind) VALUES ($1, $2) RETURNING id`, [
      `Test ${kind} ${randomUUID().slice(0, 8)}`,
      kind,
    ]);
    const people: Person[] = [];
    for (const role of roles) {
      const email = `${role}-${randomUUID().slice(0, 8)}@test.kap`;
      const row = await insertMember(
        manager,
        {
          organizationId: org.id,
          organizationKind: kind,
          email,
          displayName: `Test ${role}`,
          role,
          passwordHash: hash,
        },
        new Date(),
      );
      people.push({ id: row.id, email, role, organizationId: org.id });
    }
    return { organizationId: org.id, people };
  });
}

/** A fresh loopback-looking address per call, so per-IP throttling never couples two tests. */
export function testIp(): string {
  const n = Math.floor(Math.random() * 250) + 1;
  const m = Math.floor(Math.random() * 250) + 1;
  return `10.${n}.${m}.${Math.floor(Math.random() * 250) + 1}`;
}

export async function signIn(
  app: NestFastifyApplication,
  email: string,
  password = TEST_PASSWORD,
): Promise<Record<string, string>> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: testIp(),
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'kap_session');
  if (!cookie) throw new Error('no session cookie');
  return { kap_session: cookie.value };
}

export async function auditCount(
  app: NestFastifyApplication,
  where: string,
  params: unknown[],
): Promise<number> {
  const [row] = await app
    .get(DataSource)
    .query(`SELECT count(*)::int AS n FROM audit_event WHERE ${where}`, params);
  return row.n;
}
