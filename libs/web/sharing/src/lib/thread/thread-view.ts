import { HttpErrorResponse } from '@angular/common/http';
import type {
  CareTeamSide,
  Note,
  Outcome,
  Session,
  SharedNote,
  SharedOutcome,
  SharedSession,
  StatusUpdate,
  StatusUpdateKind,
  StatusUpdateUrgency,
} from '@kap/shared/contracts';
import { errorCode, errorMessage, fieldProblems } from '@kap/web/core';
import { clinicCalendar } from '@kap/web/core/calendar';
import {
  formatCalendarDate,
  formatDate,
  formatDateTime,
  humanize,
  instrumentName,
} from '../display/sharing-labels';

export const KIND_LABELS: Readonly<Record<StatusUpdateKind, string>> = {
  session_summary: 'Session summary',
  safety_concern: 'Safety concern',
  request_review: 'Request for review',
  eligibility: 'Eligibility',
  prescription: 'Prescription',
  follow_up: 'Follow-up',
  general: 'General',
};

export const URGENCY_LABELS: Readonly<Record<StatusUpdateUrgency, string>> = {
  routine: 'Routine',
  soon: 'Soon',
  urgent: 'Urgent',
};

const FROM_LABELS: Readonly<Record<CareTeamSide, string>> = {
  practice: 'From the practice',
  medical_team: 'From the medical team',
};

/** What the API's 409 `release_of_information_required` asks of the person, in their words. */
export const RELEASE_REQUIRED_MESSAGE =
  'Nothing was shared: the medical team may only receive updates under a valid release. ' +
  'Record a signed, unexpired release of information in the care team panel ("Care team and release of information") first.';

/** Longer bodies (a follow-up packet) show their first lines, with the rest one click away. */
const LEAD_LINES = 6;

/**
 * The head of a follow-up packet as the API posts it (`packetText`: "FOLLOW-UP PACKET: name",
 * "Since 2026-11-01 (generated <ISO instant>)"), after the practice's optional note and a blank line.
 */
const PACKET_HEAD =
  /^(?:([\s\S]*?)\n\n)?(FOLLOW-UP PACKET: [^\n]*\nSince (\d{4}-\d{2}-\d{2}) \(generated ([^)\n]+)\)\n[\s\S]*)$/;

/** A follow-up packet posted to the thread, as a card: its period in words and where to read it. */
export interface PacketCard {
  /** "Follow-up packet for 1 Nov – 4 Dec 2026". */
  title: string;
  /** The packet page (it shows the packet as it is now; the text as sent is kept in `sentText`). */
  link: string;
  /** The packet's text exactly as it was sent, the record of what was disclosed. */
  sentText: string;
}

export interface AttachedNoteView {
  id: string;
  heading: string;
  body: string;
  addenda: string[];
}

export interface ThreadEntry {
  id: string;
  kind: string;
  urgency: string;
  urgencyClass: string;
  from: string;
  fromClass: string;
  author: string;
  time: string;
  datetime: string;
  /** The body's first lines, and the rest (empty when it is short). For a packet: the note sent with it. */
  lead: string;
  more: string;
  /** Set when the update is a follow-up packet posted from the packet page. */
  packet: PacketCard | null;
  sessions: { id: string; text: string }[];
  scores: { id: string; text: string }[];
  notes: AttachedNoteView[];
  /** Items attached but no longer shown (archived or voided since). */
  withdrawn: string;
  acknowledged: boolean;
  acknowledgement: string;
  /** The caller may acknowledge it: from the other side, not acknowledged yet. */
  canAcknowledge: boolean;
}

export interface PickOption {
  id: string;
  label: string;
}

/** The side the caller posts and acknowledges for, or null when their role may do neither. */
export function viewerSide(
  user: { role: string; organizationKind: CareTeamSide } | null,
): CareTeamSide | null {
  if (!user || user.role === 'practice_admin') return null;
  return user.organizationKind;
}

export function sharedSessionText(
  session: Pick<
    SharedSession,
    'kind' | 'occurredAt' | 'dosing' | 'documentationComplete' | 'documentationMissing'
  >,
): string {
  const parts = [`${humanize(session.kind)} session, ${formatDateTime(session.occurredAt)}`];
  if (session.dosing) parts.push(`${session.dosing.doseMg} mg ${session.dosing.route}`);
  if (session.documentationComplete === true) parts.push('documentation complete');
  else if (session.documentationComplete === false) {
    const missing = session.documentationMissing.map((gap) => humanize(gap).toLowerCase()).join(', ');
    parts.push(missing ? `documentation incomplete (missing: ${missing})` : 'documentation incomplete');
  }
  return parts.join(' · ');
}

export function sharedScoreText(
  score: Pick<SharedOutcome, 'instrument' | 'administeredAt' | 'total' | 'severity'> & { voided?: boolean },
): string {
  // The C-SSRS has only a risk level, the PEG only a total.
  const band = score.severity === null ? null : humanize(score.severity);
  const total =
    score.total === null ? (band ?? '') : band === null ? `${score.total}` : `${score.total} (${band})`;
  return `${instrumentName(score.instrument)} ${total}, ${formatDate(score.administeredAt)}${score.voided ? ' · voided since' : ''}`;
}

function noteView(note: SharedNote): AttachedNoteView {
  return {
    id: note.id,
    heading: `${humanize(note.kind)} note, signed ${formatDateTime(note.signedAt)}`,
    body: note.body,
    addenda: note.addenda.map((a) => `Addendum ${formatDateTime(a.createdAt)} (${a.reason}): ${a.body}`),
  };
}

/** "1 Nov – 4 Dec 2026", or "20 Dec 2025 – 4 Jan 2026" across a new year. */
export function packetPeriod(sinceDay: string, generatedAt: string): string {
  const end = Date.parse(generatedAt);
  if (Number.isNaN(end)) return `since ${formatCalendarDate(sinceDay)}`;
  const sameYear = Number(sinceDay.slice(0, 4)) === clinicCalendar.year(end);
  const start = sameYear ? clinicCalendar.calendarDayMonth(sinceDay) : formatCalendarDate(sinceDay);
  return `${start} – ${formatDate(generatedAt)}`;
}

/**
 * A `follow_up` update whose body is a packet the practice sent from the packet page: the note sent
 * with it, and the card. Null for any other update, a hand-written follow-up included.
 */
export function packetOf(
  update: Pick<StatusUpdate, 'kind' | 'body' | 'patientId'>,
): { note: string; card: PacketCard } | null {
  if (update.kind !== 'follow_up') return null;
  const match = PACKET_HEAD.exec(update.body);
  if (!match) return null;
  const [, note = '', sentText, sinceDay, generatedAt] = match;
  return {
    note: note.trim(),
    card: {
      title: `Follow-up packet for ${packetPeriod(sinceDay, generatedAt)}`,
      link: `/patients/${encodeURIComponent(update.patientId)}/packet`,
      sentText,
    },
  };
}

function splitBody(body: string): { lead: string; more: string } {
  const lines = body.split('\n');
  if (lines.length <= LEAD_LINES + 2) return { lead: body, more: '' };
  return { lead: lines.slice(0, LEAD_LINES).join('\n'), more: lines.slice(LEAD_LINES).join('\n') };
}

export function threadEntry(update: StatusUpdate, side: CareTeamSide | null): ThreadEntry {
  const shown =
    update.included.sessions.length + update.included.outcomes.length + update.included.notes.length;
  const attached =
    update.include.sessionIds.length + update.include.outcomeIds.length + update.include.noteIds.length;
  const withdrawn = attached - shown;
  const acknowledged = update.acknowledgedAt !== null;
  const packet = packetOf(update);
  return {
    id: update.id,
    kind: KIND_LABELS[update.kind] ?? humanize(update.kind),
    urgency: URGENCY_LABELS[update.urgency] ?? humanize(update.urgency),
    urgencyClass: `urgency urgency-${update.urgency}`,
    from: FROM_LABELS[update.from] ?? humanize(update.from),
    fromClass: `update from-${update.from}`,
    author: update.author.displayName,
    time: formatDateTime(update.createdAt),
    datetime: update.createdAt,
    // A packet's text is behind its card; what leads is the note the practice wrote with it.
    ...(packet ? { lead: packet.note, more: '' } : splitBody(update.body)),
    packet: packet?.card ?? null,
    sessions: update.included.sessions.map((s) => ({ id: s.id, text: sharedSessionText(s) })),
    scores: update.included.outcomes.map((o) => ({ id: o.id, text: sharedScoreText(o) })),
    notes: update.included.notes.map(noteView),
    withdrawn:
      withdrawn > 0
        ? `${withdrawn} attached ${withdrawn === 1 ? 'item is' : 'items are'} no longer available (archived or voided).`
        : '',
    acknowledged,
    acknowledgement: acknowledged
      ? `Acknowledged ${formatDateTime(update.acknowledgedAt as string)}${update.acknowledgedBy ? ` by ${update.acknowledgedBy.displayName}` : ''}`
      : 'Not acknowledged yet',
    canAcknowledge: side !== null && update.from !== side && !acknowledged,
  };
}

/** Sessions the caller may attach, newest first as the API lists them. */
export function sessionOptions(sessions: readonly Session[]): PickOption[] {
  return sessions.map((s) => ({ id: s.id, label: sharedSessionText(s) }));
}

/** Scores the caller may attach: a voided score is refused by the API, so it is not offered. */
export function scoreOptions(outcomes: readonly Outcome[]): PickOption[] {
  return outcomes.filter((o) => o.voidedAt === null).map((o) => ({ id: o.id, label: sharedScoreText(o) }));
}

/** Only shareable notes: signed, and marked to share with the medical team. */
export function shareableNoteOptions(notes: readonly Note[]): PickOption[] {
  return notes
    .filter((n) => n.status === 'signed' && n.shareWithMedicalTeam)
    .map((n) => {
      const text = n.body.replace(/\s+/g, ' ').trim();
      const excerpt = text.length > 80 ? `${text.slice(0, 79)}…` : text;
      return {
        id: n.id,
        label: `${humanize(n.kind)} note, signed ${formatDate(n.signedAt ?? n.createdAt)}: ${excerpt}`,
      };
    });
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  kind: 'Kind',
  urgency: 'Urgency',
  body: 'Message',
  'include.sessionIds': 'Attached session',
  'include.outcomeIds': 'Attached score',
  'include.noteIds': 'Attached note',
};

/** "Attached note 2 is not shareable…", "Message must say something". */
export function problemText(field: string, problem: string): string {
  const match = /^(include\.\w+)\[(\d+)\]$/.exec(field);
  const label = match
    ? `${FIELD_LABELS[match[1]] ?? match[1]} ${Number(match[2]) + 1}`
    : (FIELD_LABELS[field] ?? field);
  return `${label} ${problem}`;
}

/** The words for a failed send: the release message for a 409, the field problems for a 400. */
export function composeError(error: unknown): { message: string; problems: string[] } {
  if (
    error instanceof HttpErrorResponse &&
    error.status === 409 &&
    errorCode(error) === 'release_of_information_required'
  ) {
    return { message: RELEASE_REQUIRED_MESSAGE, problems: [] };
  }
  return {
    message: errorMessage(error),
    problems: fieldProblems(error).map((p) => problemText(p.field, p.problem)),
  };
}

/** Client-side checks before sending, in the same words as the API's. */
export function composeProblems(body: string, maxLength: number): string[] {
  if (body.trim() === '') return ['Message: write what the other side needs to know.'];
  if (body.length > maxLength)
    return [
      `Message: at most ${maxLength.toLocaleString('en-GB')} characters (now ${body.length.toLocaleString('en-GB')}).`,
    ];
  return [];
}
