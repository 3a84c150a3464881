import type { OrganizationKind, OrganizationMember } from '@kap/shared/contracts';

/** A row of `app_user` as the hand-written queries select it (snake_case). */
export interface MemberRow {
  id: string;
  email: string;
  display_name: string;
  role: OrganizationMember['role'];
  organization_id: string;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export const MEMBER_COLUMNS =
  'id, email, display_name, role, organization_id, active, version, created_at, updated_at';

export function toMember(row: MemberRow, organizationKind: OrganizationKind): OrganizationMember {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    organizationId: row.organization_id,
    organizationKind,
    active: row.active,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
