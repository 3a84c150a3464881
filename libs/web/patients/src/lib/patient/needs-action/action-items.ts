import type {
  Alert,
  AlertKind,
  AlertSeverity,
  AlertSide,
  DashboardReason,
  Role,
} from '@kap/shared/contracts';
import {
  careTeamUpdateWords,
  INSTRUMENT_SHORT_NAMES,
  questionnairesDueWords,
  type InstrumentCode,
} from '@kap/shared/domain';
import { formatDate, formatDateTime } from '../../display/patient-labels';

/** Where an action item leads: another page, or a section of this one (`fragment`). */
export interface ActionLink {
  text: string;
  path: string;
  fragment?: string;
}

export interface ActionItem {
  key: string;
  severity: AlertSeverity;
  /** An urgent alert left unacknowledged past the organization's escalation hours. */
  escalated: boolean;
  text: string;
  /** A second line: who still has to acknowledge, and the like. */
  detail: string | null;
  links: ActionLink[];
}

export interface ActionContext {
  patientId: string;
  role: Role | null;
  /** The practice's side (therapist, practice admin), as opposed to the medical team's. */
  practice: boolean;
}

const RANK: Readonly<Record<AlertSeverity, number>> = { info: 1, warning: 2, urgent: 3 };

/** Section ids on the patient page that an item may point to. */
export const PATIENT_SECTION_IDS = {
  timeline: 'timeline-heading',
  thread: 'thread-heading',
  careTeam: 'care-team-heading',
  /** The therapist's questionnaire links (@kap/web/outcomes; the patient page's QUESTIONNAIRES_SECTION_ID). */
  questionnaires: 'questionnaires-heading',
} as const;

/** Reasons whose `since` is a calendar day, not a moment (as on the dashboard). */
const CALENDAR_DAY_REASONS: ReadonlySet<string> = new Set([
  'integration_due',
  'follow_up_due',
  'release_expiring',
]);

/** The measure a score's alert is about, where its kind says (a reliable deterioration may be any). */
const ALERT_INSTRUMENTS: Partial<Readonly<Record<AlertKind, InstrumentCode>>> = {
  suicidality_item_positive: 'PHQ9',
  cssrs_high_risk: 'CSSRS_SCREEN',
  cssrs_moderate_risk: 'CSSRS_SCREEN',
  cssrs_low_risk: 'CSSRS_SCREEN',
};

const SIDE_WORDS: Readonly<Record<AlertSide, string>> = {
  practice: 'the practice',
  medical_team: 'the medical team',
};

/**
 * What needs action for one patient, most pressing first: the open alerts with their own
 * sentences, then the dashboard's other reasons. The dashboard's alert reasons are dropped when
 * the alerts themselves are known (`alertsKnown`), so that one alert is not listed twice.
 */
export function actionItems(
  alerts: readonly Alert[],
  reasons: readonly DashboardReason[],
  context: ActionContext,
  alertsKnown = true,
): ActionItem[] {
  const fromAlerts = alerts.map((alert) => alertItem(alert, context));
  const fromReasons = reasons
    .filter((reason) => !(alertsKnown && (reason.code === 'open_alert' || reason.code === 'alert_escalated')))
    .map((reason, index) => reasonItem(reason, index, context));
  return [...fromAlerts, ...fromReasons]
    .map((item, order) => ({ item, order }))
    .sort(
      (a, b) =>
        Number(b.item.escalated) - Number(a.item.escalated) ||
        RANK[b.item.severity] - RANK[a.item.severity] ||
        a.order - b.order,
    )
    .map(({ item }) => item);
}

function alertItem(alert: Alert, context: ActionContext): ActionItem {
  const links: ActionLink[] = [{ text: 'Open in Alerts', path: '/alerts' }];
  // A session's alert points at the session's own page: its record, warnings, alerts and notes.
  if (alert.sourceType === 'session')
    links.push({ text: 'See the session', path: `${patientPath(context)}/sessions/${alert.sourceId}` });
  const instrument = alert.sourceType === 'outcome' ? ALERT_INSTRUMENTS[alert.kind] : undefined;
  if (instrument)
    links.push({
      text: `See the ${INSTRUMENT_SHORT_NAMES[instrument]} trend`,
      path: `${patientPath(context)}/scores/${instrument}`,
    });
  const awaiting = alert.awaiting.map((side) => SIDE_WORDS[side]);
  const waitingOn = awaiting.length ? `Waiting for ${awaiting.join(' and ')} to acknowledge.` : null;
  return {
    key: `needs-action-alert-${alert.id}`,
    severity: alert.severity,
    escalated: alert.escalated,
    text: alert.summary,
    detail: alert.escalated ? `Escalated: not acknowledged in time. ${waitingOn ?? ''}`.trim() : waitingOn,
    links,
  };
}

function reasonItem(reason: DashboardReason, index: number, context: ActionContext): ActionItem {
  const day = CALENDAR_DAY_REASONS.has(reason.code) ? formatDate(reason.since) : formatDateTime(reason.since);
  // For the calendar-day reasons `info` means the day is still ahead; `warning`, that it has passed.
  const passed = reason.severity !== 'info';
  const writes = context.role === 'therapist';
  const scores = writes || context.role === 'prescriber' || context.role === 'care_coordinator';
  const here = (text: string, fragment: string): ActionLink => ({
    text,
    path: patientPath(context),
    fragment,
  });
  const base = {
    key: `needs-action-${reason.code}-${reason.instrument ?? ''}-${index}`,
    severity: reason.severity,
    escalated: false,
    detail: null,
  };
  switch (reason.code) {
    case 'alert_escalated':
      return {
        ...base,
        escalated: true,
        text: `Urgent alert not acknowledged in time (since ${formatDateTime(reason.since)})`,
        links: [{ text: 'Open in Alerts', path: '/alerts' }],
      };
    case 'open_alert':
      return {
        ...base,
        text: `Open safety alert since ${day}`,
        links: [{ text: 'Open in Alerts', path: '/alerts' }],
      };
    case 'integration_due':
      return {
        ...base,
        text: passed ? `Integration session due since ${day}` : `Integration session due from ${day}`,
        links: writes ? [{ text: 'Log a session', path: `${patientPath(context)}/sessions/new` }] : [],
      };
    case 'follow_up_due':
      return {
        ...base,
        text: passed ? `Medical follow-up overdue since ${day}` : `Medical follow-up due on ${day}`,
        links: context.practice ? [{ text: 'Follow-up packet', path: `${patientPath(context)}/packet` }] : [],
      };
    case 'documentation_incomplete':
      return {
        ...base,
        text: 'A dosing session is not fully documented: readings, adverse events or the signed note',
        links: [here('See sessions and notes', PATIENT_SECTION_IDS.timeline)],
      };
    case 'measure_overdue': {
      const instrument = reason.instrument ? INSTRUMENT_SHORT_NAMES[reason.instrument] : 'PHQ-9';
      return {
        ...base,
        text: `No ${instrument} score in 30 days`,
        links: scores ? [{ text: 'Enter a score', path: `${patientPath(context)}/scores/new` }] : [],
      };
    }
    case 'questionnaire_due':
      // Which questionnaires the plan sent and since when, as on the dashboard; the therapist's
      // questionnaires section lists them (and sends a new link where none was mailed).
      return {
        ...base,
        text: `${questionnairesDueWords(reason.instruments)} since ${day}`,
        links: writes ? [here('See questionnaires', PATIENT_SECTION_IDS.questionnaires)] : [],
      };
    case 'unacknowledged_update':
      // What the update is about (its kind, never its text), as the dashboard row says it.
      return {
        ...base,
        text: `${careTeamUpdateWords(reason.severity, reason.updateKind)} not acknowledged since ${day}`,
        links: [here('See care-team updates', PATIENT_SECTION_IDS.thread)],
      };
    case 'release_expiring':
      return {
        ...base,
        text: passed
          ? `Release of information expired on ${day}`
          : `Release of information expires on ${day}`,
        links: [here('See the release', PATIENT_SECTION_IDS.careTeam)],
      };
    default:
      return { ...base, text: `${String(reason.code).replace(/_/g, ' ')} since ${day}`, links: [] };
  }
}

function patientPath(context: ActionContext): string {
  return `/patients/${context.patientId}`;
}
