import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@kap/shared/contracts';
import { OrganizationEntity } from '../organization/organization-entity';

@Entity({ name: 'app_user' })
@Check('app_user_role_check', `role IN ('therapist', 'practice_admin', 'prescriber', 'care_coordinator')`)
@Index('app_user_email_key_idx', ['emailKey'], { unique: true })
@Index('app_user_organization_idx', ['organizationId', 'createdAt', 'id'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'app_user_organization_fk' })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  email!: string;

  /** Lower-cased email: sign-in and uniqueness ignore case. */
  @Column({ name: 'email_key', type: 'text' })
  emailKey!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
