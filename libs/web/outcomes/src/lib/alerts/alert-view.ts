import type { Alert, AlertAcknowledgement, AlertSide } from '@kap/shared/contracts';
import {
  alertInstrument,
  alertKindText,
  formatDateTime,
  INSTRUMENT_SHORT_NAMES,
} from '../display/outcome-labels';

/** One side of the care team and where it stands with the alert. */
export interface SideLine {
  side: AlertSide;
  done: boolean;
  /** "Acknowledged by the practice: Dana Whitfield, 25 Nov 2026, 10:00. What was done: Called her." */
  text: string;
}

/** Where the alert came from, as a link: a score's trend, or the session's own page. */
export interface SourceLink {
  path: string;
  fragment: string | undefined;
  text: string;
}

/** An alert as a row of the inbox shows it; the words are built here, not in the template. */
export interface AlertView {
  alert: Alert;
  kind: string;
  /** The sentence a person can act on (the API's), or the kind's words when an older alert has none. */
  summary: string;
  escalated: boolean;
  sides: SideLine[];
  source: SourceLink;
  patientLink: string;
  /** The caller's own side has not acknowledged it yet. */
  canAcknowledge: boolean;
}

const SIDE_NAMES: Readonly<Record<AlertSide, string>> = {
  practice: 'the practice',
  medical_team: 'the medical team',
};

/** The side a signed-in person acknowledges for: the medical team's members, or the practice. */
export function sideOf(organizationKind: string | null | undefined): AlertSide {
  return organizationKind === 'medical_team' ? 'medical_team' : 'practice';
}

/**
 * Every side's acknowledgement. An answer from before the per-side acknowledgements has only the
 * caller's own fields: they are read as the caller's side.
 */
function acknowledgementsOf(alert: Alert, caller: AlertSide): AlertAcknowledgement[] {
  const list = [...(alert.acknowledgements ?? [])];
  if (alert.acknowledgedAt && !list.some((a) => a.side === caller)) {
    list.push({
      side: caller,
      by: alert.acknowledgedBy ?? { id: '', displayName: 'someone' },
      at: alert.acknowledgedAt,
      action: alert.action,
    });
  }
  return list;
}

export function sideLine(side: AlertSide, acknowledgement: AlertAcknowledgement | undefined): SideLine {
  if (!acknowledgement) return { side, done: false, text: `Waiting for ${SIDE_NAMES[side]}` };
  const action = acknowledgement.action?.trim()
    ? ` What was done: ${acknowledgement.action.trim()}`
    : ' What was done: not recorded.';
  return {
    side,
    done: true,
    text: `Acknowledged by ${SIDE_NAMES[side]}: ${acknowledgement.by.displayName}, ${formatDateTime(acknowledgement.at)}.${action}`,
  };
}

/** The alert's source: a score opens that measure's trend when the kind names it; a session, its own page. */
export function sourceLink(alert: Alert): SourceLink {
  const patient = `/patients/${alert.patientId}`;
  if (alert.sourceType === 'outcome') {
    const instrument = alertInstrument(alert.kind);
    return instrument
      ? {
          path: `${patient}/scores/${instrument}`,
          fragment: undefined,
          text: `See the ${INSTRUMENT_SHORT_NAMES[instrument] ?? instrument} scores`,
        }
      : { path: patient, fragment: 'outcome-links-heading', text: 'See the patient’s scores' };
  }
  if (alert.sourceType === 'session')
    return { path: `${patient}/sessions/${alert.sourceId}`, fragment: undefined, text: 'See the session' };
  return { path: patient, fragment: undefined, text: 'See the patient' };
}

export function alertView(alert: Alert, caller: AlertSide): AlertView {
  const acknowledgements = acknowledgementsOf(alert, caller);
  const ofSide = (side: AlertSide) => acknowledgements.find((a) => a.side === side);
  // The caller's side first: what is theirs to do comes before what the other side did.
  const order: AlertSide[] =
    caller === 'practice' ? ['practice', 'medical_team'] : ['medical_team', 'practice'];
  return {
    alert,
    kind: alertKindText(alert.kind),
    summary: alert.summary?.trim() || alertKindText(alert.kind),
    escalated: !!alert.escalated,
    // A side that does not count (no linked team under a valid release) is not "waited for".
    sides: order
      .filter((side) => ofSide(side) !== undefined || (alert.awaiting ?? order).includes(side))
      .map((side) => sideLine(side, ofSide(side))),
    source: sourceLink(alert),
    patientLink: `/patients/${alert.patientId}`,
    canAcknowledge: alert.status === 'open',
  };
}
