import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OrganizationEntity } from './organization-entity';

/** The settings an organization changes itself. */
export type OrganizationSettingsChange = Partial<Pick<OrganizationEntity, 'escalateAfterHours' | 'timeZone'>>;

/**
 * The organization row, through its entity: a settings page read and written now and then, where
 * TypeORM's repository is plainer than hand-written SQL.
 */
@Injectable()
export class OrganizationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `manager`: a transaction's, to read what it just wrote. */
  find(
    organizationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OrganizationEntity> {
    return manager.getRepository(OrganizationEntity).findOneByOrFail({ id: organizationId });
  }

  async change(
    manager: EntityManager,
    organizationId: string,
    change: OrganizationSettingsChange,
  ): Promise<void> {
    if (Object.keys(change).length === 0) return;
    await manager.getRepository(OrganizationEntity).update({ id: organizationId }, change);
  }
}
