import type { FollowUpPacket, PacketDosingSession, PacketVitals } from '@kap/shared/contracts';

/** The plain copy-paste version of the packet: headings, one line per dosing session. */
export function packetText(packet: FollowUpPacket): string {
  const lines: string[] = [];
  lines.push(`FOLLOW-UP PACKET: ${packet.patientName}`);
  lines.push(`Since ${packet.since} (generated ${packet.generatedAt})`);
  lines.push('');

  lines.push('COURSE');
  if (packet.course) {
    const c = packet.course;
    lines.push(
      `Indication: ${c.indication}; phase: ${c.phase}; started ${c.startedOn}; planned dosing sessions: ${c.plannedDosingSessions ?? 'not set'}`,
    );
    const plan = c.dosePlan;
    lines.push(
      plan
        ? `Dose plan: ${plan.route}${plan.doseMgMin !== undefined || plan.doseMgMax !== undefined ? ` ${plan.doseMgMin ?? '?'}-${plan.doseMgMax ?? '?'} mg` : ''}${plan.maxDosingSessionsPerWeek !== undefined ? `, at most ${plan.maxDosingSessionsPerWeek} dosing sessions a week` : ''}`
        : 'Dose plan: not recorded',
    );
    const l = c.vitalsLimits;
    lines.push(
      l && Object.values(l).some((limit) => limit !== undefined && limit !== null)
        ? `Vitals limits: ${[
            limitText('systolic', l.systolicMin, l.systolicMax),
            limitText('diastolic', l.diastolicMin, l.diastolicMax),
            limitText('HR', l.heartRateMin, l.heartRateMax),
            limitText('SpO2', l.spo2Min, undefined),
          ]
            .filter(Boolean)
            .join(', ')}`
        : 'Vitals limits: not recorded',
    );
  } else {
    lines.push('No current course.');
  }
  lines.push('');

  lines.push('MEDICAL STATUS');
  const m = packet.medicalStatus;
  if (m) {
    const prescription = m.prescription
      ? `${m.prescription.status}${m.prescription.dosesAuthorized !== undefined ? `, ${m.prescription.dosesAuthorized} doses authorised` : ''}${m.prescription.route ? `, ${m.prescription.route}` : ''}`
      : 'not recorded';
    lines.push(
      `As of ${m.asOf.slice(0, 10)} (${m.source}): eligibility ${m.eligibility ?? 'not recorded'}; prescription ${prescription}`,
    );
    lines.push(
      `Next follow-up due: ${m.nextFollowUpDue ?? 'not recorded'}; monitoring: ${m.monitoring ?? 'not recorded'}`,
    );
  } else {
    lines.push('No status recorded.');
  }
  lines.push('');

  lines.push(`DOSING SESSIONS SINCE ${packet.since} (${packet.dosingSessions.length})`);
  if (packet.dosingSessions.length === 0) lines.push('None.');
  for (const session of packet.dosingSessions) lines.push(`- ${sessionLine(session)}`);
  lines.push('');

  lines.push('SCORES (latest per instrument)');
  if (packet.scores.length === 0) lines.push('None.');
  for (const s of packet.scores) {
    const change =
      s.changeFromBaseline === null
        ? s.baselineTotal === null
          ? 'no baseline'
          : 'rated as change since the start'
        : `change from baseline ${s.changeFromBaseline > 0 ? '+' : ''}${s.changeFromBaseline} (baseline ${s.baselineTotal}), reliable change: ${s.reliableChange}`;
    lines.push(
      `- ${s.instrument} ${s.administeredAt.slice(0, 10)}: ${s.total ?? '-'}${s.severity === null ? '' : ` (${s.severity})`}; ${change}`,
    );
  }
  lines.push('');

  lines.push('OPEN ALERTS');
  if (packet.openAlerts.length === 0) lines.push('None.');
  for (const a of packet.openAlerts)
    lines.push(`- [${a.severity}] ${a.kind} since ${a.createdAt.slice(0, 10)}`);
  lines.push('');

  lines.push("THERAPIST'S OPEN QUESTIONS");
  if (packet.openQuestions.length === 0) lines.push('None.');
  for (const q of packet.openQuestions)
    lines.push(`- (${q.urgency}, ${q.createdAt.slice(0, 10)}) ${q.body.replace(/\s+/g, ' ').trim()}`);
  return `${lines.join('\n')}\n`;
}

function sessionLine(s: PacketDosingSession): string {
  const parts = [
    `${s.occurredAt.slice(0, 16).replace('T', ' ')}Z ${s.route} ${s.doseMg} mg (${s.doseLabel})`,
  ];
  if (s.booster) parts.push(`booster ${s.booster.doseMg} mg`);
  parts.push(
    `vitals ${s.vitals.length === 0 ? 'none recorded' : s.vitals.map((v) => vitalsText(v, s)).join('; ')}`,
  );
  parts.push(
    s.adverseEvents === null
      ? 'adverse events: not answered'
      : s.adverseEvents.length === 0
        ? 'adverse events: none'
        : `adverse events: ${s.adverseEvents.map((e) => `${e.type} (${e.severity})`).join(', ')}`,
  );
  parts.push(
    s.documentationComplete
      ? 'documentation complete'
      : `documentation INCOMPLETE: missing ${s.documentationMissing.join(', ')}`,
  );
  return parts.join(' | ');
}

function vitalsText(v: PacketVitals, s: PacketDosingSession): string {
  let text = `${v.systolic}/${v.diastolic} HR ${v.heartRate}${v.spo2 !== undefined && v.spo2 !== null ? ` SpO2 ${v.spo2}%` : ''} (${v.phase})`;
  const l = s.vitalsLimits ?? {};
  const crossed = [
    v.outOfRange.includes('systolic') ? limitText('systolic', l.systolicMin, l.systolicMax) : '',
    v.outOfRange.includes('diastolic') ? limitText('diastolic', l.diastolicMin, l.diastolicMax) : '',
    v.outOfRange.includes('heart_rate') ? limitText('HR', l.heartRateMin, l.heartRateMax) : '',
    v.outOfRange.includes('spo2') ? limitText('SpO2', l.spo2Min, undefined) : '',
  ].filter(Boolean);
  if (crossed.length > 0) text += ` ⚠ outside limits: ${crossed.join(', ')}`;
  return text;
}

/** A limit as ordered: "systolic 90–160", "HR ≤ 110", "SpO2 ≥ 92", or "" when none was ordered. */
function limitText(name: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${name} ${min}–${max}`;
  if (max !== undefined) return `${name} ≤ ${max}`;
  if (min !== undefined) return `${name} ≥ ${min}`;
  return '';
}
