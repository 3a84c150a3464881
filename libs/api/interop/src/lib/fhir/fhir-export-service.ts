import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, UnitOfWork, type RequestContext } from '@kap/api/platform';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import { DisclosuresService } from '@kap/api/sharing';
import { toFhirBundle, type FhirBundle, type FhirExportInput } from '@kap/shared/domain';
import { exportCategories, toFhirExportInput } from './fhir-export-input';
import { FhirExportRepository } from './fhir-export-repository';

/**
 * The FHIR R4 export of one patient (docs/api.md "Audit and export"). Reads the record's own tables
 * (FhirExportRepository), lets the pure mapper in shared/domain build the Bundle, and records the
 * export as a disclosure in the same transaction as its audit event. Never reads `note` or
 * `psychotherapy_note`: notes are not part of the export (decision 0007).
 */
@Injectable()
export class FhirExportService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly disclosures: DisclosuresService,
    private readonly clock: Clock,
    private readonly rows: FhirExportRepository,
  ) {}

  async export(ctx: RequestContext, patientId: string): Promise<FhirBundle> {
    const target: AuditTarget = {
      action: 'patient.fhir_export',
      entityType: 'patient',
      entityId: patientId,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        await this.access.require(manager, ctx, patientId, { need: 'practice' });
        const input = await this.read(manager, patientId);
        const bundle = toFhirBundle(input);
        const disclosureId = await this.disclosures.record(manager, ctx, {
          patientId,
          // The file goes to the person who asked, inside the practice; where it travels next is
          // outside KAP Care, so the accounting names the practice and says how it left.
          recipientOrganizationId: ctx.actor.organizationId,
          source: 'export',
          statusUpdateId: null,
          categories: exportCategories(input),
          sessionIds: input.sessions.map((s) => s.id),
          outcomeIds: input.scores.map((s) => s.id),
          noteIds: [],
          purpose: 'FHIR R4 export of the patient record',
        });
        await this.access.recordSuccess(
          ctx,
          target,
          { disclosureId, resources: bundle.entry.length },
          manager,
        );
        return bundle;
      }),
    );
  }

  private async read(manager: EntityManager, patientId: string): Promise<FhirExportInput> {
    const patient = await this.rows.patient(manager, patientId);
    const sessions = await this.rows.sessions(manager, patientId);
    const scores = await this.rows.scores(manager, patientId);
    return toFhirExportInput(patient, sessions, scores, this.clock.now().toISOString());
  }
}
