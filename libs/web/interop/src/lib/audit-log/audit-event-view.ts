import type { AuditEventItem } from '@kap/shared/contracts';

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const OUTCOME_LABELS: Readonly<Record<AuditEventItem['outcome'], string>> = {
  success: 'Done',
  failure: 'Failed',
  denied: 'Refused',
};

export interface AuditRow {
  id: string;
  when: string;
  datetime: string;
  who: string;
  action: string;
  patient: string;
  outcome: string;
  refused: boolean;
  requestId: string;
  ip: string;
}

/** Names for ids the page knows (the practice's people and patients); anything else stays an id. */
export interface AuditNames {
  people: ReadonlyMap<string, string>;
  patients: ReadonlyMap<string, string>;
}

export function auditRow(event: AuditEventItem, names: AuditNames): AuditRow {
  const time = Date.parse(event.at);
  return {
    id: event.id,
    when: Number.isNaN(time) ? event.at : DATE_TIME.format(time),
    datetime: event.at,
    who: event.actorId === null ? 'Nobody signed in' : (names.people.get(event.actorId) ?? `Outside the practice (${event.actorId})`),
    action: event.action,
    patient: event.patientId === null ? '—' : (names.patients.get(event.patientId) ?? event.patientId),
    outcome: OUTCOME_LABELS[event.outcome] ?? event.outcome,
    refused: event.outcome !== 'success',
    requestId: event.requestId ?? '—',
    ip: event.ip ?? '—',
  };
}

/**
 * A day picked in the reader's time zone as the API's inclusive instants: from its local midnight
 * through the last millisecond before the next one. `YYYY-MM-DD` in, ISO instants out.
 */
export function localDayStart(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date).toISOString();
}

export function localDayEnd(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(new Date(year, month - 1, date + 1).getTime() - 1).toISOString();
}
