import type { AuditEventItem } from '@kap/shared/contracts';
import { addDays } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';

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
  return {
    id: event.id,
    // To the second: the order of events close together matters here.
    when: clinicCalendar.dateTimeWithSeconds(event.at),
    datetime: event.at,
    who:
      event.actorId === null
        ? 'Nobody signed in'
        : (names.people.get(event.actorId) ?? `Outside the practice (${event.actorId})`),
    action: event.action,
    patient: event.patientId === null ? '—' : (names.patients.get(event.patientId) ?? event.patientId),
    outcome: OUTCOME_LABELS[event.outcome] ?? event.outcome,
    refused: event.outcome !== 'success',
    requestId: event.requestId ?? '—',
    ip: event.ip ?? '—',
  };
}

/**
 * A day picked on the organization's calendar (the zone the times in the list are written in) as
 * the API's inclusive instants: from its midnight through the last millisecond before the next
 * one. `YYYY-MM-DD` in, ISO instants out.
 */
export function localDayStart(day: string): string {
  return new Date(clinicCalendar.startOfDay(day)).toISOString();
}

export function localDayEnd(day: string): string {
  return new Date(clinicCalendar.startOfDay(addDays(day, 1)) - 1).toISOString();
}
