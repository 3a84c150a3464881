import type { FhirExportInput } from '@kap/shared/domain';
import type { ExportedPatientRow, ExportedScoreRow, ExportedSessionRow } from './fhir-export-repository';

/** The rows of one patient's record, in the words of the FHIR mapper in shared/domain. */
export function toFhirExportInput(
  patient: ExportedPatientRow,
  sessions: ExportedSessionRow[],
  scores: ExportedScoreRow[],
  generatedAt: string,
): FhirExportInput {
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
    generatedAt,
  };
}

/** What the accounting of disclosures says left: always the demographics, then what was present. */
export function exportCategories(input: FhirExportInput): string[] {
  const categories = ['fhir_export', 'demographics'];
  if (input.sessions.length > 0) categories.push('session_records');
  if (input.sessions.some((s) => s.vitals.length > 0)) categories.push('vitals');
  if (input.sessions.some((s) => s.adverseEvents.length > 0)) categories.push('adverse_events');
  if (input.scores.length > 0) categories.push('outcome_scores');
  return categories;
}
