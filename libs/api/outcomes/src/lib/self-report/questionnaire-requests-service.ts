import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

/** A request and its link's token, shown once, before the link is mailed. */
interface IssuedLink {
  request: QuestionnaireRequestRow;
  token: string;
  mailTo: MailTarget;
}

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
   * With an `Idempotency-Key`, a retry answers the same request (same id, nothing created) with a
   * fresh link: the token is never stored, so the first answer's link cannot be shown again, and it
   * stops working. A retry after the link was answered, expired or cancelled → 409.
   */
  async create(
    ctx: RequestContext,
    origin: string,
    patientId: string,
    body: CreateQuestionnaireRequestBody,
  ): Promise<CreatedQuestionnaireRequest> {
    const instruments = [...new Set(body.instruments)];
    const expiresInHours = body.expiresInHours ?? DEFAULT_EXPIRES_IN_HOURS;
    const target: AuditTarget = {
      action: 'questionnaire_request.create',
      entityType: 'questionnaire_request',
      entityId: null,
      patientId,
    };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    const issued = await this.access.audited(ctx, target, () =>
      this.work.create(
        ctx,
        `POST /api/patients/${patientId}/questionnaire-requests`,
        body,
        replay,
        async (manager) => {
          await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
          const now = this.clock.now();
          const { token, hash } = newLinkToken();
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
          return this.issuedLink(manager, id, token);
        },
        {
          stored: ({ request }) => ({ id: request.id, patientId }),
          reissue: (manager, stored) => this.reissue(manager, (stored as { id: string }).id),
        },
      ),
    );
    const url = linkUrl(this.config, origin, issued.token);
    const mailed = await this.mailLink(issued.request, issued.mailTo, url, expiresInHours);
    return { ...toQuestionnaireRequest(issued.request), mailed, url };
  }

  /** A replayed create: the same open request under a new token. */
  private async reissue(manager: EntityManager, id: string): Promise<IssuedLink> {
    const current = await this.requests.lock(manager, id, this.clock.now());
    if (current.status !== 'open')
      throw new DomainError(
        'conflict',
        `This questionnaire link is already ${current.status}; send a new one with a new Idempotency-Key.`,
        toQuestionnaireRequest(current),
      );
    const { token, hash } = newLinkToken();
    await this.requests.replaceToken(manager, id, hash);
    return this.issuedLink(manager, id, token);
  }

  private async issuedLink(manager: EntityManager, id: string, token: string): Promise<IssuedLink> {
    const request = await this.requests.find(manager, id, this.clock.now());
    const mailTo = await this.requests.mailTarget(manager, request.patient_id);
    return {
      request,
      token,
      mailTo: { email: mailTo?.email ?? null, practiceName: mailTo?.practice_name ?? '' },
    };
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
