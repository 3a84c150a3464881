import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MfaPolicy, OrganizationKind } from '@kap/shared/contracts';

@Entity({ name: 'organization' })
@Check('organization_kind_check', `kind IN ('practice', 'medical_team')`)
@Check('organization_mfa_policy_check', `mfa_policy IN ('optional', 'required')`)
@Index('organization_kind_name_idx', ['kind', 'name', 'id'])
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganizationKind;

  /** `required`: nobody in the organization gets a session without the second step. */
  @Column({ name: 'mfa_policy', type: 'text', default: 'optional' })
  mfaPolicy!: MfaPolicy;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
