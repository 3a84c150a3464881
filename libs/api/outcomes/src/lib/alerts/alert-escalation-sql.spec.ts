import { alertEscalatesAtSql } from './alert-escalation-sql';

describe('alertEscalatesAtSql', () => {
  it('is about the aliases given, with the date placeholder where the release is judged', () => {
    const sql = alertEscalatesAtSql('$9', { alert: 'al', patient: 'pt', link: 'lk' });
    expect(sql).toContain(`al.severity = 'urgent'`);
    expect(sql).toContain('o.id = pt.practice_id');
    expect(sql).toContain('o.id = lk.medical_team_id');
    expect(sql).toContain('lk.release_signed_on <= $9::date AND lk.release_expires_on >= $9::date');
    // Nothing left of the default aliases.
    expect(sql).not.toMatch(/\b(a|p|link)\./);
  });

  it('defaults to `a`, `p` and `link`, the names the alert reads use', () => {
    expect(alertEscalatesAtSql('$1')).toBe(
      alertEscalatesAtSql('$1', { alert: 'a', patient: 'p', link: 'link' }),
    );
  });

  it('counts each side that has not acknowledged from its own organization’s hours', () => {
    const sql = alertEscalatesAtSql('$1');
    expect(sql).toContain(`k.alert_id = a.id AND k.side = 'practice'`);
    expect(sql).toContain(`k.alert_id = a.id AND k.side = 'medical_team'`);
    expect(sql.match(/make_interval\(hours => \(SELECT o\.escalate_after_hours/g)).toHaveLength(2);
  });
});
