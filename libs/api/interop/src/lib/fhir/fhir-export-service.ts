import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, UnitOfWork, type RequestContext } from '@kap/api/core';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import { DisclosuresService } from '@kap/api/sharing';
import type { DosingRecord } from '@kap/shared/contracts';
import {
  toFhirBundle,
  type FhirBundle,
  type FhirExportInput,
  type InstrumentCode,
  type SessionKind,
  type SessionSetting,
} from '@kap/shared/domain';

interface PatientRow {
  id: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  external_ref: string | null;
  practice_name: string;
}

interface SessionRow {
  id: string;
  kind: SessionKind;
  occurred_at: Date;
  duration_minutes: number;
  setting: SessionSetting;
  dosing: DosingRecord | null;
}

interface ScoreRow {
  id: string;
  instrument: InstrumentCode;
  instrument_version: string;
  administered_at: Date;
  items: number[] | boolean[];
  total: number | null;
  severity: string | null;
  difficulty: number | null;
  session_id: string | null;
}

/**
 * The FHIR R4 export of one patient (docs/api.md "Audit and export"). Reads the record's own tables
 * with hand-written SQL, lets the pure mapper in shared/domain build the Bundle, and records the
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
    const [patient]: PatientRow[] = await manager.query(
      `SELECT p.id, p.given_name, p.family_name, p.preferred_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              p.email, p.phone, p.external_ref, o.name AS practice_name
         FROM patient p JOIN organization o ON o.id = p.practice_id
        WHERE p.id = $1`,
      [patientId],
    );
    // Archived sessions and voided scores were taken back by the practice: they are not exported.
    const sessions: SessionRow[] = await manager.query(
      `SELECT id, kind, occurred_at, duration_minutes, setting, dosing
         FROM therapy_session
        WHERE patient_id = $1 AND archived_at IS NULL
        ORDER BY occurred_at, id`,
      [patientId],
    );
    const scores: ScoreRow[] = await manager.query(
      `SELECT id, instrument, instrument_version, administered_at, items, total, severity, difficulty, session_id
         FROM outcome
        WHERE patient_id = $1 AND voided_at IS NULL
        ORDER BY administered_at, id`,
      [patientId],
    );
    return {
      practiceName: patient.practice_name,
      patient: {
        id: patient.id,
        givenName: patient.given_name,
        familyName: patient.family_name,
        preferredName: patient.preferred_name,
        dateOfBirth: patient.date_of_birth,
        email: patient.email,
        phone: patient.phone,
        externalRef: patient.external_ref,
      },
      sessions: sessions.map((s) => {
        const occurredAt = new Date(s.occurred_at).toISOString();
        return {
          id: s.id,
          kind: s.kind,
          occurredAt,
          durationMinutes: s.duration_minutes,
          setting: s.setting,
          // A reading without its own time (older records) is dated by its session.
          vitals: (s.dosing?.vitals ?? []).map((v) => ({ ...v, at: v.at ?? occurredAt })),
          adverseEvents: s.dosing?.adverseEvents ?? [],
        };
      }),
      scores: scores.map((s) => ({
        id: s.id,
        instrument: s.instrument,
        administeredAt: new Date(s.administered_at).toISOString(),
        items: s.items,
        total: s.total,
        severity: s.severity,
        instrumentVersion: s.instrument_version,
        difficulty: s.difficulty,
        sessionId: s.session_id,
      })),
      generatedAt: this.clock.now().toISOString(),
    };
  }
}

/** What the accounting of disclosures says left: always the demographics, then what was present. */
function exportCategories(input: FhirExportInput): string[] {
  const categories = ['fhir_export', 'demographics'];
  if (input.sessions.length > 0) categories.push('session_records');
  if (input.sessions.some((s) => s.vitals.length > 0)) categories.push('vitals');
  if (input.sessions.some((s) => s.adverseEvents.length > 0)) categories.push('adverse_events');
  if (input.scores.length > 0) categories.push('outcome_scores');
  return categories;
}
