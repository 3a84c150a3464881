import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, Clock, Mailer, UnitOfWork, type AppConfig, type RequestContext } from '@kap/api/core';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { CreatedQuestionnaireRequest, QuestionnaireRequest } from '@kap/shared/contracts';
import { DomainError, NotFound } from '@kap/shared/domain';
import type { CreateQuestionnaireRequestBody } from './self-report-requests';
import { linkUrl, newLinkToken } from './questionnaire-links';
import { questionnaireMail } from './questionnaire-mail';
import {
  questionnaireRequestColumns,
  toQuestionnaireRequest,
  type QuestionnaireRequestRow,
} from './questionnaire-request-mapper';

export const DEFAULT_EXPIRES_IN_HOURS = 72;
const HOUR_MS = 60 * 60 * 1000;

/** Where a new request's link may be mailed: the patient's address and the practice's name. */
export interface MailTarget {
  email: string | null;
  practiceName: string;
}

/**
 * Questionnaire links sent by the patient's therapist (docs/api.md "Patient self-report"). The token
 * is made here, handed out once in the answer (and the mail), and stored only as a hash.
 */
@Injectable()
export class QuestionnaireRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Not idempotent on purpose: a replay would have to hand the link out again, and the link is
   * never stored. A retried create makes a second link; the first can be cancelled.
   */
  async create(
    ctx: RequestContext,
    origin: string,
    patientId: string,
    body: CreateQuestionnaireRequestBody,
  ): Promise<CreatedQuestionnaireRequest> {
    const instruments = [...new Set(body.instruments)];
    const expiresInHours = body.expiresInHours ?? DEFAULT_EXPIRES_IN_HOURS;
    const { token, hash } = newLinkToken();
    const target: AuditTarget = {
      action: 'questionnaire_request.create',
      entityType: 'questionnaire_request',
      entityId: null,
      patientId,
    };
    const { request, mailTo } = await this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
        const now = this.clock.now();
        const [{ id }] = await manager.query(
          `INSERT INTO questionnaire_request (patient_id, course_id, instruments, token_hash, created_by, created_at, expires_at)
           VALUES ($1, (SELECT id FROM course WHERE patient_id = $1 AND phase NOT IN ('completed', 'discontinued')
                         ORDER BY started_on DESC, created_at DESC LIMIT 1),
                   $2, $3, $4, $5, $6)
           RETURNING id`,
          [
            patientId,
            instruments,
            hash,
            ctx.actor.id,
            now,
            new Date(now.getTime() + expiresInHours * HOUR_MS),
          ],
        );
        target.entityId = id;
        await this.access.recordSuccess(ctx, target, { instruments, expiresInHours }, manager);
        return { request: await this.row(manager, id), mailTo: await mailTargetOf(manager, patientId) };
      }),
    );
    const url = linkUrl(this.config, origin, token);
    const mailed = await this.mailLink(request, mailTo, url, expiresInHours);
    return { ...toQuestionnaireRequest(request), mailed, url };
  }

  /** Newest first, each with its state now. */
  async list(ctx: RequestContext, patientId: string): Promise<QuestionnaireRequest[]> {
    const target: AuditTarget = {
      action: 'questionnaire_request.list',
      entityType: 'questionnaire_request',
      entityId: null,
      patientId,
    };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId, { need: 'practice' });
      const rows: QuestionnaireRequestRow[] = await this.dataSource.query(
        `SELECT ${questionnaireRequestColumns('q', '$2')} FROM questionnaire_request q
          WHERE q.patient_id = $1 ORDER BY q.created_at DESC, q.id DESC LIMIT 200`,
        [patientId, this.clock.now()],
      );
      await this.access.recordSuccess(ctx, target, { count: rows.length });
      return rows.map(toQuestionnaireRequest);
    });
  }

  /** Closes an open link for good (409 when it was already answered, expired or cancelled). */
  async cancel(ctx: RequestContext, requestId: string): Promise<QuestionnaireRequest> {
    const [located] = await this.dataSource.query(
      `SELECT patient_id FROM questionnaire_request WHERE id = $1`,
      [requestId],
    );
    const target: AuditTarget = {
      action: 'questionnaire_request.cancel',
      entityType: 'questionnaire_request',
      entityId: requestId,
      patientId: located?.patient_id ?? null,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!located) throw new NotFound();
        await this.access.require(manager, ctx, located.patient_id, { need: 'practice' });
        const now = this.clock.now();
        const [current]: QuestionnaireRequestRow[] = await manager.query(
          `SELECT ${questionnaireRequestColumns('q', '$2')} FROM questionnaire_request q WHERE q.id = $1 FOR UPDATE`,
          [requestId, now],
        );
        if (current.status !== 'open')
          throw new DomainError(
            'conflict',
            `This questionnaire link is already ${current.status}.`,
            toQuestionnaireRequest(current),
          );
        await manager.query(
          `UPDATE questionnaire_request SET cancelled_at = $2, cancelled_by = $3 WHERE id = $1`,
          [requestId, now, ctx.actor.id],
        );
        await this.access.recordSuccess(ctx, target, {}, manager);
        return toQuestionnaireRequest(await this.row(manager, requestId));
      }),
    );
  }

  /**
   * Mails the link when mail is on and the patient has an address; answers whether it went (kept as
   * `mailed_at`). A mail that fails never fails the request: the therapist has the link, the
   * dashboard shows a plan's request as due, and the Mailer logs the failure. The request's one
   * audit event (its creation) stands for the mail too.
   */
  async mailLink(
    request: Pick<QuestionnaireRequestRow, 'id'>,
    to: MailTarget,
    url: string,
    expiresInHours: number,
  ): Promise<boolean> {
    if (!this.mailer.enabled || !to.email) return false;
    const sent = await this.mailer.send(questionnaireMail(to.email, to.practiceName, url, expiresInHours));
    if (sent)
      await this.dataSource.query(`UPDATE questionnaire_request SET mailed_at = $2 WHERE id = $1`, [
        request.id,
        this.clock.now(),
      ]);
    return sent;
  }

  private async row(manager: EntityManager, id: string): Promise<QuestionnaireRequestRow> {
    const [row] = await manager.query(
      `SELECT ${questionnaireRequestColumns('q', '$2')} FROM questionnaire_request q WHERE q.id = $1`,
      [id, this.clock.now()],
    );
    return row;
  }
}

/** The patient's e-mail address and the practice's name, for the mail that carries a link. */
export async function mailTargetOf(manager: EntityManager, patientId: string): Promise<MailTarget> {
  const [row]: { email: string | null; practice_name: string }[] = await manager.query(
    `SELECT p.email, o.name AS practice_name FROM patient p JOIN organization o ON o.id = p.practice_id WHERE p.id = $1`,
    [patientId],
  );
  return { email: row?.email ?? null, practiceName: row?.practice_name ?? '' };
}
