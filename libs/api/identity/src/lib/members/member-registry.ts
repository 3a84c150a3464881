import type { EntityManager } from 'typeorm';
import { ROLES_BY_ORGANIZATION_KIND, type OrganizationKind, type Role } from '@kap/shared/contracts';
import { DomainError, ValidationFailed } from '@kap/shared/domain';
import { MEMBER_COLUMNS, type MemberRow } from './member-mapper';

export interface NewMember {
  organizationId: string;
  organizationKind: OrganizationKind;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

/**
 * Adds a person to an organization. Shared by the admin API, the create-admin command and the
 * demo seed, so that the role rules and the email uniqueness are checked the same way everywhere.
 */
export async function insertMember(manager: EntityManager, member: NewMember, now: Date): Promise<MemberRow> {
  assertRoleFits(member.organizationKind, member.role);
  const rows: MemberRow[] = await manager.query(
    `INSERT INTO app_user (organization_id, email, email_key, display_name, role, password_hash, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (email_key) DO NOTHING
     RETURNING ${MEMBER_COLUMNS}`,
    [
      member.organizationId,
      member.email.trim(),
      member.email.trim().toLowerCase(),
      member.displayName.trim(),
      member.role,
      member.passwordHash,
      now,
    ],
  );
  if (rows.length === 0)
    throw new DomainError('email_taken', 'Someone already signs in with this email address.');
  return rows[0];
}

/** A practice has therapists and admins; a medical team prescribers and care coordinators. */
export function assertRoleFits(kind: OrganizationKind, role: Role): void {
  if (!ROLES_BY_ORGANIZATION_KIND[kind].includes(role)) {
    const allowed = ROLES_BY_ORGANIZATION_KIND[kind].join(' or ');
    throw new ValidationFailed([{ field: 'role', problem: `must be ${allowed} in this organization` }]);
  }
}
