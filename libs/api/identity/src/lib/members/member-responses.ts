import type { OrganizationKind, OrganizationMember, Page, Role } from '@kap/shared/contracts';

/** A member of the caller's own organization, as its admin manages them (decision 0001). */
export class OrganizationMemberResponse implements OrganizationMember {
  id!: string;
  email!: string;
  displayName!: string;
  role!: Role;
  organizationId!: string;
  organizationKind!: OrganizationKind;
  active!: boolean;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class OrganizationMemberPage implements Page<OrganizationMember> {
  items!: OrganizationMemberResponse[];
  nextCursor!: string | null;
}
