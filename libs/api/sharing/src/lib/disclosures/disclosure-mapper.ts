import type { Disclosure } from '@kap/shared/contracts';
import type { DisclosureRow } from './disclosures-repository';

export function toDisclosure(row: DisclosureRow): Disclosure {
  return {
    id: row.id,
    patientId: row.patient_id,
    disclosedAt: new Date(row.disclosed_at).toISOString(),
    disclosedBy: { id: row.disclosed_by, displayName: row.disclosed_by_name },
    recipient: { organizationId: row.recipient_organization_id, name: row.recipient_name },
    source: row.source,
    statusUpdateId: row.status_update_id,
    what: {
      categories: row.categories,
      sessionIds: row.session_ids,
      outcomeIds: row.outcome_ids,
      noteIds: row.note_ids,
    },
    purpose: row.purpose,
  };
}
