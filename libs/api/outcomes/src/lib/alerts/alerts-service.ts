import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type Queryable,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess } from '@kap/api/patients';
import { OutboxWriter } from '@kap/api/webhooks';
import type { Alert, AlertSide, Page } from '@kap/shared/contracts';
import { DomainError, NotFound, ValidationFailed } from '@kap/shared/domain';
import { toAlert } from './alert-mapper';
import type { AcknowledgeAlertBody, AlertsQuery } from './alert-requests';
import { AlertsRepository, type NewAlert } from './alerts-repository';

export type { NewAlert } from './alerts-repository';

const SIDE_WORDS: Record<AlertSide, string> = { practice: 'the practice', medical_team: 'the medical team' };

/**
 * Safety alerts: raised by scores, sessions and rules inside the write that caused them, listed
 * for the caller's patients (most urgent first), acknowledged by each side of the care team for
 * itself with the action taken, never deleted.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Raises an alert in the caller's transaction. While an alert of this source and kind exists that
   * nobody has acknowledged, raising again is a no-op (a retried or re-judged write); once one was
   * acknowledged, the source was changed and the condition still holds: a new alert is raised.
   * A new alert is also an event for the medical team's webhooks, in the same transaction.
   */
  async raise(manager: EntityManager, alert: NewAlert): Promise<void> {
    const raisedId = await this.alerts.insert(manager, alert, this.clock.now());
    if (raisedId === null) return;
    await this.outbox.enqueue(manager, {
      type: 'alert.raised',
      patientId: alert.patientId,
      data: {
        alertId: raisedId,
        kind: alert.kind,
        severity: alert.severity,
        sourceType: alert.sourceType,
        sourceId: alert.sourceId,
      },
    });
  }

  /** `status` is the caller's side's: open until that side has acknowledged. One statement. */
  async list(ctx: RequestContext, query: AlertsQuery): Promise<Page<Alert>> {
    const side = sideOf(ctx);
    if (query.patientId) {
      // A named patient must be visible, exactly like the patient routes (404 otherwise).
      await this.access.audited(ctx, this.target(query.patientId, null, 'alert.list'), () =>
        this.access.require(this.dataSource.manager, ctx, query.patientId!),
      );
    }
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['number', 'string', 'string']);
    const today = this.access.today();
    const rows = await this.alerts.list((param) => this.access.visibleSql(ctx, today, param), {
      today,
      now: this.clock.now(),
      side,
      status: query.status,
      patientId: query.patientId,
      after: after ? [Number(after[0]), String(after[1]), String(after[2])] : null,
      take: limit + 1,
    });
    const page = toPage(
      rows,
      limit,
      (r) => [r.rank, r.created_at, r.id],
      (r) => toAlert(r, side),
    );
    if (query.patientId && page.items.length > 0) {
      await this.access.recordSuccess(ctx, this.target(query.patientId, null, 'alert.list'), {
        count: page.items.length,
      });
    } else if (!query.patientId) {
      // Reading across the caseload touches each listed patient's data: one event per patient shown.
      for (const patientId of new Set(page.items.map((a) => a.patientId))) {
        await this.access.recordSuccess(ctx, this.target(patientId, null, 'alert.list'));
      }
    }
    return page;
  }

  /**
   * The caller acknowledges for their own side: the patient's therapist for the practice, a member
   * of the linked team (valid release) for the medical team. The other side's alert stays open.
   */
  async acknowledge(ctx: RequestContext, alertId: string, body: AcknowledgeAlertBody): Promise<Alert> {
    const side = sideOf(ctx);
    const patientId = await this.alerts.patientOf(alertId);
    const target = this.target(patientId, alertId, 'alert.acknowledge');
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!patientId) throw new NotFound();
        await this.access.require(manager, ctx, patientId, { need: side });
        // One side's two acknowledgements queue up here; the key (alert_id, side) would refuse the second anyway.
        const current = await this.alerts.lockForAcknowledgement(manager, alertId);
        const earlier = await this.alerts.acknowledgedBy(manager, alertId, side);
        if (earlier !== null) {
          throw new DomainError(
            'conflict',
            `This alert was already acknowledged for ${SIDE_WORDS[side]} by ${earlier}.`,
            await this.read(manager, alertId, side),
          );
        }
        const action = body.action?.trim() || null;
        if (current.severity === 'urgent' && !action) {
          throw new ValidationFailed([
            { field: 'action', problem: 'is required for an urgent alert: say what was done' },
          ]);
        }
        await this.alerts.acknowledge(manager, {
          alertId,
          side,
          by: ctx.actor.id,
          at: this.clock.now(),
          action,
        });
        await this.access.recordSuccess(ctx, target, { kind: current.kind, side }, manager);
        return this.read(manager, alertId, side);
      }),
    );
  }

  private async read(manager: Queryable, alertId: string, side: AlertSide): Promise<Alert> {
    const row = await this.alerts.find(manager, alertId, this.access.today(), this.clock.now());
    return toAlert(row, side);
  }

  private target(patientId: string | null, alertId: string | null, action: string) {
    return { action, entityType: 'alert', entityId: alertId, patientId };
  }
}

/** The caller's side of the care team: their organization's kind. */
function sideOf(ctx: RequestContext): AlertSide {
  return ctx.actor.organizationKind;
}
