import type { NoteKind, PatientForMedicalTeam, Session } from '@kap/shared/contracts';
import { formatDate, KIND_LABELS, NOTE_KIND_LABELS } from '../display/session-labels';

/** The name a note is said to be about: the name the patient goes by, then the family name. */
export function patientNameOf(
  patient: Pick<PatientForMedicalTeam, 'givenName' | 'familyName' | 'preferredName'>,
): string {
  return `${patient.preferredName ?? patient.givenName} ${patient.familyName}`;
}

/**
 * Whose note it is and what it is about, in one line under the note's heading: "Integration note
 * · Rowan Smith · for the dosing session of 2 Dec 2026". A part not known (yet) is left out, so a
 * note opened on its own never reads as if it belonged to nobody once its patient has loaded.
 */
export function noteContext(
  kind: NoteKind,
  patientName: string | null,
  session: Pick<Session, 'kind' | 'occurredAt'> | null,
): string {
  const about = session
    ? `for the ${KIND_LABELS[session.kind].toLowerCase()} session of ${formatDate(session.occurredAt)}`
    : null;
  return [NOTE_KIND_LABELS[kind], patientName, about].filter((part): part is string => !!part).join(' · ');
}
