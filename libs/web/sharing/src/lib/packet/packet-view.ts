import type {
  AlertSeverity,
  FollowUpPacket,
  PacketDosingSession,
  PacketScore,
  PacketVitals,
  VitalsLimits,
} from '@kap/shared/contracts';
import {
  conditionName,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatTime,
  humanize,
  instrumentName,
} from '../display/sharing-labels';

/** Everything the packet page shows, as text: the template only places it. */
export interface PacketView {
  title: string;
  coverage: string;
  facts: { label: string; value: string }[];
  sessions: SessionView[];
  scores: ScoreView[];
  alerts: { id: string; text: string; severity: AlertSeverity }[];
  questions: { id: string; urgency: string; text: string; date: string }[];
}

export interface VitalsRow {
  key: string;
  phase: string;
  time: string;
  systolic: CellView;
  diastolic: CellView;
  heartRate: CellView;
  spo2: string;
}

export interface CellView {
  text: string;
  /** 'out-of-range' when outside the prescriber's limits, else ''. */
  cellClass: string;
  /** For screen readers and print: " (above limit 160)". */
  note: string;
}

export interface SessionView {
  id: string;
  heading: string;
  dose: string;
  limits: string;
  vitals: VitalsRow[];
  outOfRangeCount: number;
  adverseEvents: string;
  documentation: string;
  documentationClass: string;
}

export interface ScoreView {
  key: string;
  instrument: string;
  date: string;
  total: string;
  severity: string;
  change: string;
  reliableChange: string;
}

const ALERT_TEXT: Readonly<Record<string, string>> = {
  suicidality_item_positive: 'PHQ-9 item 9 (thoughts of self-harm) answered above 0',
  cssrs_high_risk: 'C-SSRS screen: high risk',
  cssrs_moderate_risk: 'C-SSRS screen: moderate risk',
  vitals_out_of_range: "Vitals outside the prescriber's limits during a dosing session",
  serious_adverse_event: 'Serious adverse event during a dosing session',
  dosing_frequency_exceeded: 'More dosing sessions in a week than the dose plan allows',
  reliable_deterioration: 'Scores show a reliable deterioration',
};

const RELIABLE_CHANGE: Readonly<Record<string, string>> = {
  improved: 'Reliable improvement',
  deteriorated: 'Reliable deterioration',
  none: 'No reliable change',
};

/** "+3", "−8", "0": a real minus sign, which screen readers say as "minus". */
export function signed(value: number): string {
  if (value > 0) return `+${value}`;
  if (value < 0) return `\u2212${Math.abs(value)}`;
  return '0';
}

/** A value the API marked outside the limits, with which limit it crossed: above a maximum or below a minimum. */
function cell(
  value: number,
  min: number | undefined,
  max: number | undefined,
  outOfRange: boolean,
): CellView {
  if (!outOfRange) return { text: String(value), cellClass: '', note: '' };
  const note =
    min !== undefined && value < min
      ? ` (below minimum ${min})`
      : max === undefined
        ? ' (outside limits)'
        : ` (above limit ${max})`;
  return { text: String(value), cellClass: 'out-of-range', note };
}

export function vitalsRow(reading: PacketVitals, limits: VitalsLimits | null, index: number): VitalsRow {
  const out = new Set(reading.outOfRange);
  return {
    key: `${reading.at}-${index}`,
    phase: humanize(reading.phase),
    time: formatTime(reading.at),
    systolic: cell(reading.systolic, limits?.systolicMin, limits?.systolicMax, out.has('systolic')),
    diastolic: cell(reading.diastolic, limits?.diastolicMin, limits?.diastolicMax, out.has('diastolic')),
    heartRate: cell(reading.heartRate, limits?.heartRateMin, limits?.heartRateMax, out.has('heart_rate')),
    spo2:
      reading.spo2 == null
        ? '—'
        : `${reading.spo2}%${out.has('spo2') ? ` (below minimum ${limits?.spo2Min}%)` : ''}`,
  };
}

export function limitsText(limits: VitalsLimits | null): string {
  if (!limits) return 'No vitals limits recorded';
  const pair = (name: string, min: number | undefined, max: number | undefined) =>
    min !== undefined && max !== undefined
      ? `${name} ${min}–${max}`
      : max !== undefined
        ? `${name} ≤ ${max}`
        : min !== undefined
          ? `${name} ≥ ${min}`
          : '';
  const parts = [
    pair('systolic', limits.systolicMin, limits.systolicMax),
    pair('diastolic', limits.diastolicMin, limits.diastolicMax),
    pair('heart rate', limits.heartRateMin, limits.heartRateMax),
    limits.spo2Min !== undefined ? `SpO2 ≥ ${limits.spo2Min}%` : '',
  ].filter(Boolean);
  return parts.length ? `Limits: ${parts.join(', ')}` : 'No vitals limits recorded';
}

export function sessionView(session: PacketDosingSession): SessionView {
  const vitals = session.vitals.map((reading, index) => vitalsRow(reading, session.vitalsLimits, index));
  const booster = session.booster
    ? `, booster ${session.booster.doseMg} mg at ${formatTime(session.booster.at)}`
    : '';
  let adverseEvents: string;
  if (session.adverseEvents === null) adverseEvents = 'Not recorded';
  else if (session.adverseEvents.length === 0) adverseEvents = 'None';
  else
    adverseEvents = session.adverseEvents
      .map((event) => {
        const action = event.action ? ` — ${event.action}` : '';
        const onCall = event.reportedToOnCallAt
          ? `, reported to on-call ${formatDateTime(event.reportedToOnCallAt)}`
          : '';
        return `${humanize(event.type)} (${event.severity})${onCall}${action}`;
      })
      .join('; ');
  return {
    id: session.id,
    heading: `Dosing session, ${formatDateTime(session.occurredAt)}`,
    dose: `${session.doseMg} mg ${session.route} (${humanize(session.doseLabel)})${booster}`,
    limits: limitsText(session.vitalsLimits),
    vitals,
    outOfRangeCount: session.vitals.filter((v) => v.outOfRange.length > 0).length,
    adverseEvents,
    documentation: session.documentationComplete
      ? 'Complete'
      : `Incomplete: ${session.documentationMissing.map((gap) => humanize(gap).toLowerCase()).join(', ') || 'details missing'}`,
    documentationClass: session.documentationComplete ? 'doc-complete' : 'doc-incomplete',
  };
}

export function scoreView(score: PacketScore): ScoreView {
  let change = '—';
  if (score.changeFromBaseline !== null && score.baselineTotal !== null) {
    change = `${signed(score.changeFromBaseline)} from baseline ${score.baselineTotal}`;
  }
  return {
    key: score.outcomeId,
    instrument: instrumentName(score.instrument),
    date: formatDate(score.administeredAt),
    total: score.total === null ? '—' : String(score.total),
    severity: score.severity === null ? '—' : humanize(score.severity),
    change,
    reliableChange: score.reliableChange ? RELIABLE_CHANGE[score.reliableChange] : '—',
  };
}

export function packetView(packet: FollowUpPacket): PacketView {
  const facts: { label: string; value: string }[] = [];
  const course = packet.course;
  if (course) {
    facts.push({ label: 'Indication', value: conditionName(course.indication) });
    facts.push({ label: 'Course phase', value: humanize(course.phase) });
    facts.push({ label: 'Course started', value: formatCalendarDate(course.startedOn) });
    if (course.plannedDosingSessions !== null)
      facts.push({ label: 'Planned dosing sessions', value: String(course.plannedDosingSessions) });
    if (course.dosePlan) {
      const range =
        course.dosePlan.doseMgMin !== undefined || course.dosePlan.doseMgMax !== undefined
          ? ` ${course.dosePlan.doseMgMin ?? '?'}–${course.dosePlan.doseMgMax ?? '?'} mg`
          : '';
      const perWeek = course.dosePlan.maxDosingSessionsPerWeek
        ? `, at most ${course.dosePlan.maxDosingSessionsPerWeek} a week`
        : '';
      facts.push({ label: 'Dose plan', value: `${humanize(course.dosePlan.route)}${range}${perWeek}` });
    }
  } else {
    facts.push({ label: 'Course', value: 'No current course' });
  }
  const status = packet.medicalStatus;
  if (status) {
    if (status.eligibility) facts.push({ label: 'Eligibility', value: humanize(status.eligibility) });
    if (status.prescription)
      facts.push({ label: 'Prescription', value: humanize(status.prescription.status) });
    if (status.monitoring) facts.push({ label: 'Monitoring', value: humanize(status.monitoring) });
    if (status.nextFollowUpDue)
      facts.push({ label: 'Next follow-up due', value: formatCalendarDate(status.nextFollowUpDue) });
  }
  const sessions = packet.dosingSessions.map(sessionView);
  const complete = packet.dosingSessions.filter((s) => s.documentationComplete).length;
  facts.push({
    label: 'Documentation',
    value:
      sessions.length === 0
        ? 'No dosing sessions in this period'
        : `${complete} of ${sessions.length} dosing sessions fully documented`,
  });
  return {
    title: `Follow-up packet: ${packet.patientName}`,
    coverage: `Since ${formatCalendarDate(packet.since)} · prepared ${formatDateTime(packet.generatedAt)}`,
    facts,
    sessions,
    scores: packet.scores.map(scoreView),
    alerts: packet.openAlerts.map((alert) => ({
      id: alert.id,
      text: `${ALERT_TEXT[alert.kind] ?? humanize(alert.kind)} (raised ${formatDateTime(alert.createdAt)})`,
      severity: alert.severity,
    })),
    questions: packet.openQuestions.map((question) => ({
      id: question.statusUpdateId,
      urgency: humanize(question.urgency),
      text: question.body,
      date: formatDateTime(question.createdAt),
    })),
  };
}
