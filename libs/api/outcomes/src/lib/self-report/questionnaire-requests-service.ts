import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  Clock,
  Mailer,
  UnitOfWork,
  type AppConfig,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { CreatedQuestionnaireRequest, QuestionnaireRequest } from '@kap/shared/contracts';
import { DomainError, NotFound } from '@kap/shared/domain';
import type { CreateQuestionnaireRequestBody } from './self-report-requests';
import { linkUrl, newLinkToken } from './questionnaire-links';
import { questionnaireMail } from './questionnaire-mail';
import { toQuestionnaireRequest, type QuestionnaireRequestRow } from './questionnaire-request-mapper';
import { QuestionnaireRequestsRepository } from './questionnaire-requests-repository';

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
    private readonly requests: QuestionnaireRequestsRepository,
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
        const id = await this.requests.insert(manager, {
          patientId,
          instruments,
          tokenHash: hash,
          createdBy: ctx.actor.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + expiresInHours * HOUR_MS),
        });
        target.entityId = id;
        await this.access.recordSuccess(ctx, target, { instruments, expiresInHours }, manager);
        const request = await this.requests.find(manager, id, this.clock.now());
        const mailTo = await this.requests.mailTarget(manager, patientId);
        return {
          request,
          mailTo: { email: mailTo?.email ?? null, practiceName: mailTo?.practice_name ?? '' },
        };
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
      const rows = await this.requests.list(patientId, this.clock.now());
      await this.access.recordSuccess(ctx, target, { count: rows.length });
      return rows.map(toQuestionnaireRequest);
    });
  }

  /** Closes an open link for good (409 when it was already answered, expired or cancelled). */
  async cancel(ctx: RequestContext, requestId: string): Promise<QuestionnaireRequest> {
    const patientId = await this.requests.patientOf(requestId);
    const target: AuditTarget = {
      action: 'questionnaire_request.cancel',
      entityType: 'questionnaire_request',
      entityId: requestId,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!patientId) throw new NotFound();
        await this.access.require(manager, ctx, patientId, { need: 'practice' });
        const now = this.clock.now();
        const current = await this.requests.lock(manager, requestId, now);
        if (current.status !== 'open')
          throw new DomainError(
            'conflict',
            `This questionnaire link is already ${current.status}.`,
            toQuestionnaireRequest(current),
          );
        await this.requests.cancel(manager, requestId, { at: now, by: ctx.actor.id });
        await this.access.recordSuccess(ctx, target, {}, manager);
        return toQuestionnaireRequest(await this.requests.find(manager, requestId, this.clock.now()));
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
    if (sent) await this.requests.markMailed(request.id, this.clock.now());
    return sent;
  }
}
