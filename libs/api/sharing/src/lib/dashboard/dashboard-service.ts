import { Injectable } from '@nestjs/common';
import { Clock, type RequestContext } from '@kap/api/platform';
import { PatientAccess } from '@kap/api/patients';
import type { AlertSeverity, Dashboard, DashboardReason } from '@kap/shared/contracts';
import { DashboardRepository } from './dashboard-repository';

const RANK: Record<AlertSeverity, number> = { info: 1, warning: 2, urgent: 3 };

/**
 * The attention list: one statement over the caller's visible patients (CTEs), each reason
 * computed against the tables' patient-leading indexes. Practice users get every reason; the
 * medical team its linked patients' unacknowledged updates, open alerts and follow-ups due.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext): Promise<Dashboard> {
    const today = this.access.today();
    const rows = await this.dashboard.attentionList(
      (param) => this.access.visibleSql(ctx, today, param),
      today,
      this.clock.now(),
      ctx.actor.organizationKind,
      ctx.actor.organizationId,
    );
    // The list shows these patients' names and reasons (R10): one event naming them all, as the patient list does.
    await this.access.recordSuccess(
      ctx,
      { action: 'dashboard.read', entityType: 'patient', entityId: null, patientId: null },
      { patientIds: rows.map((row) => row.patient_id) },
    );
    // `since` comes in the API's ISO form (see the SQL): fixed width, so text order is time order.
    // Parsing PostgreSQL's JSON timestamps with Date took longer than the rest of this method.
    const items = rows.map((row) => {
      // Fresh objects from the JSON document, with exactly the fields of a reason.
      const reasons = row.reasons.sort(
        (a, b) =>
          escalated(b) - escalated(a) ||
          RANK[b.severity] - RANK[a.severity] ||
          byText(a.since, b.since) ||
          byText(a.code, b.code),
      );
      return { patientId: row.patient_id, patientName: row.patient_name, reasons };
    });
    // An escalated alert first (docs/api.md "Alerts"), then most urgent, then the reason that has waited longest.
    items.sort(
      (a, b) =>
        escalated(b.reasons[0]) - escalated(a.reasons[0]) ||
        RANK[b.reasons[0].severity] - RANK[a.reasons[0].severity] ||
        byText(a.reasons[0].since, b.reasons[0].since) ||
        a.patientName.localeCompare(b.patientName),
    );
    return { items };
  }
}

/** 1 for the reason that leads every list: an escalated alert. */
function escalated(reason: DashboardReason): number {
  return reason.code === 'alert_escalated' ? 1 : 0;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
