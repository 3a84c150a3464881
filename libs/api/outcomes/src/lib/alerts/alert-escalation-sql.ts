/**
 * When an alert escalates, as a `timestamptz` expression (NULL: it will not, as things stand). Only
 * urgent alerts escalate; each side that has not acknowledged counts from the alert's creation for
 * its own organization's `escalate_after_hours`: the practice always, the medical team only while
 * its release is valid on `today`. The earliest of those moments wins.
 *
 * The one definition behind the alert list's `escalated`, the dashboard's `alert_escalated` and the
 * escalation job. Expects `a` (alert), `p` (patient) and `link` (the current care_team_link, may be
 * null) in scope; `today` is a placeholder for a date.
 */
export function alertEscalatesAtSql(
  today: string,
  names: { alert?: string; patient?: string; link?: string } = {},
): string {
  const a = names.alert ?? 'a';
  const p = names.patient ?? 'p';
  const link = names.link ?? 'link';
  const unacknowledgedBy = (side: string) =>
    `NOT EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = ${a}.id AND k.side = '${side}')`;
  const after = (organization: string) =>
    `${a}.created_at + make_interval(hours => (SELECT o.escalate_after_hours FROM organization o WHERE o.id = ${organization}))`;
  return `(CASE WHEN ${a}.severity = 'urgent' THEN least(
      CASE WHEN ${unacknowledgedBy('practice')} THEN ${after(`${p}.practice_id`)} END,
      CASE WHEN ${link}.release_signed_on <= ${today}::date AND ${link}.release_expires_on >= ${today}::date
            AND ${unacknowledgedBy('medical_team')} THEN ${after(`${link}.medical_team_id`)} END) END)`;
}
