import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganizationKind } from '@kap/shared/contracts';

@Entity({ name: 'organization' })
@Check('organization_kind_check', `kind IN ('practice', 'medical_team')`)
@Index('organization_kind_name_idx', ['kind', 'name', 'id'])
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganizationKind;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
