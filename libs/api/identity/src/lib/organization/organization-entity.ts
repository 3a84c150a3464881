import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MfaPolicy, OrganizationKind } from '@kap/shared/contracts';

@Entity({ name: 'organization' })
@Check('organization_kind_check', `kind IN ('practice', 'medical_team')`)
@Check('organization_mfa_policy_check', `mfa_policy IN ('optional', 'required')`)
@Check('organization_escalate_after_hours_check', `escalate_after_hours BETWEEN 1 AND 168`)
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

  /** How long a side may leave an urgent alert unacknowledged before it escalates (docs/api.md "Alerts"). */
  @Column({ name: 'escalate_after_hours', type: 'integer', default: 4 })
  escalateAfterHours!: number;

  /** IANA time zone whose calendar dates every rule counts in (docs/requirements.md "Clinic time"); `UTC` until set. */
  @Column({ name: 'time_zone', type: 'text', default: 'UTC' })
  timeZone!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
