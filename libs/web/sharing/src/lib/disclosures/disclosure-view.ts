import type { Disclosure, DisclosureSource } from '@kap/shared/contracts';
import { formatDateTime, humanize } from '../display/sharing-labels';

const SOURCE_LABELS: Readonly<Record<DisclosureSource, string>> = {
  status_update: 'Care-team update',
  follow_up_packet: 'Follow-up packet',
  export: 'Record export',
};

/** The disclosure categories the API writes, as the accounting names them to a patient. */
const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  message: 'message',
  session_records: 'session records',
  outcome_scores: 'outcome scores',
  shared_notes: 'shared notes',
  follow_up_packet: 'follow-up packet',
  course_orders: 'course and orders',
  medical_status: 'medical status',
  alerts: 'open alerts',
  open_questions: 'open questions',
};

export interface DisclosureRow {
  id: string;
  when: string;
  datetime: string;
  by: string;
  to: string;
  source: string;
  what: string;
  why: string;
}

function counted(label: string, count: number): string {
  return count > 0 ? `${label} (${count})` : label;
}

/** "Message, session records (2), outcome scores (1)". */
export function whatText(disclosure: Disclosure): string {
  const counts: Record<string, number> = {
    session_records: disclosure.what.sessionIds.length,
    outcome_scores: disclosure.what.outcomeIds.length,
    shared_notes: disclosure.what.noteIds.length,
  };
  const parts = disclosure.what.categories.map((code) =>
    counted(CATEGORY_LABELS[code] ?? humanize(code).toLowerCase(), counts[code] ?? 0),
  );
  const text = parts.join(', ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : 'Not recorded';
}

/** "care coordination: follow_up" → "Care coordination: follow up". */
export function purposeText(purpose: string): string {
  return humanize(purpose);
}

export function disclosureRow(disclosure: Disclosure): DisclosureRow {
  return {
    id: disclosure.id,
    when: formatDateTime(disclosure.disclosedAt),
    datetime: disclosure.disclosedAt,
    by: disclosure.disclosedBy.displayName,
    to: disclosure.recipient.name,
    source: SOURCE_LABELS[disclosure.source] ?? humanize(disclosure.source),
    what: whatText(disclosure),
    why: purposeText(disclosure.purpose),
  };
}
