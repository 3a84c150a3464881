import type { OrganizationMember, Page } from '@kap/shared/contracts';
import { UserResponse } from '../auth/auth-responses';

/** A member of the caller's own organization, as its admin manages them (decision 0001). */
export class OrganizationMemberResponse extends UserResponse implements OrganizationMember {
  active!: boolean;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class OrganizationMemberPage implements Page<OrganizationMember> {
  items!: OrganizationMemberResponse[];
  nextCursor!: string | null;
}
