import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { OrganizationKind, Role } from '@kap/shared/contracts';
import { DomainError } from '@kap/shared/domain';
import type { PasswordHasher } from '../password/password-hasher';
import { insertMember } from '../members/member-registry';

/** Fixed ids: seeding again finds the same rows and changes nothing. */
export const DEMO_PRACTICE_ID = '00000000-0000-4000-8000-000000000001';
export const DEMO_MEDICAL_TEAM_ID = '00000000-0000-4000-8000-000000000002';

/**
 * The demo practice admin signs in with a second step (issue 7: "on in the demo for the admin").
 * DEMO ONLY: this secret is published in the README so anyone can try the demo; put it into an
 * authenticator app, or compute codes from it (the end-to-end journeys do).
 */
export const DEMO_ADMIN_EMAIL = 'admin@demo.test';
export const DEMO_ADMIN_TOTP_SECRET = 'KAPDEMOADMINTOTPKAPDEMOADMINTOTP';

/** Both demo organizations keep New York's calendar (docs/requirements.md "Clinic time"). */
export const DEMO_TIME_ZONE = 'America/New_York';

const DEMO_ORGANIZATIONS: { id: string; name: string; kind: OrganizationKind }[] = [
  { id: DEMO_PRACTICE_ID, name: 'Riverbend Therapy Collective (demo)', kind: 'practice' },
  { id: DEMO_MEDICAL_TEAM_ID, name: 'Northstar Medical Team (demo)', kind: 'medical_team' },
];

const DEMO_PEOPLE: { email: string; displayName: string; role: Role; organizationId: string }[] = [
  {
    email: 'therapist@demo.test',
    displayName: 'Dana Whitfield, LMFT',
    role: 'therapist',
    organizationId: DEMO_PRACTICE_ID,
  },
  {
    email: 'therapist2@demo.test',
    displayName: 'Sam Okafor, LCSW',
    role: 'therapist',
    organizationId: DEMO_PRACTICE_ID,
  },
  {
    email: DEMO_ADMIN_EMAIL,
    displayName: 'Priya Raman (practice admin)',
    role: 'practice_admin',
    organizationId: DEMO_PRACTICE_ID,
  },
  {
    email: 'prescriber@demo.test',
    displayName: 'Dr. Elena Morales, MD',
    role: 'prescriber',
    organizationId: DEMO_MEDICAL_TEAM_ID,
  },
  {
    email: 'coordinator@demo.test',
    displayName: 'Jordan Lee (care coordinator)',
    role: 'care_coordinator',
    organizationId: DEMO_MEDICAL_TEAM_ID,
  },
];

export async function isDatabaseEmpty(dataSource: DataSource): Promise<boolean> {
  const [{ count }]: { count: number }[] = await dataSource.query(
    `SELECT count(*)::int AS count FROM organization`,
  );
  return count === 0;
}

/** The demo practice and medical team with one account per role. Idempotent. */
export async function seedDemo(
  dataSource: DataSource,
  passwords: PasswordHasher,
  demoPassword: string,
  now: Date,
): Promise<void> {
  const passwordHash = await passwords.hash(demoPassword);
  await dataSource.transaction(async (manager) => {
    for (const org of DEMO_ORGANIZATIONS) {
      await manager.query(
        `INSERT INTO organization (id, name, kind, time_zone, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [org.id, org.name, org.kind, DEMO_TIME_ZONE, now],
      );
    }
    for (const person of DEMO_PEOPLE) {
      const organizationKind = DEMO_ORGANIZATIONS.find((o) => o.id === person.organizationId)!.kind;
      try {
        await insertMember(manager, { ...person, organizationKind, passwordHash }, now);
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'email_taken')) throw error;
      }
    }
    // Left alone when present: an admin who moved the demo account to their own app keeps it.
    await manager.query(
      `INSERT INTO mfa_factor (user_id, secret, created_at, confirmed_at)
       SELECT id, $2, $3, $3 FROM app_user WHERE email_key = $1
       ON CONFLICT (user_id) DO NOTHING`,
      [DEMO_ADMIN_EMAIL, DEMO_ADMIN_TOTP_SECRET, now],
    );
  });
  new Logger('DemoSeed').warn(
    `Demo practice ready: sign in as ${DEMO_PEOPLE.map((p) => p.email).join(', ')} with the password "${demoPassword}". ` +
      `${DEMO_ADMIN_EMAIL} also needs a code from the demo TOTP secret ${DEMO_ADMIN_TOTP_SECRET}. ` +
      'These accounts are for the demo only; never use them with real patient data.',
  );
}
