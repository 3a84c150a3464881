import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, type PublicRequestContext } from '@kap/api/platform';
import { AuditLog, type AuditEntry } from '@kap/api/audit';
import { PublicRateLimit } from '@kap/api/identity';
import type { PublicQuestionnaire, SubmittedQuestionnaire } from '@kap/shared/contracts';
import {
  CRISIS_FLAGS,
  DomainError,
  IdempotencyKeyReused,
  LinkClosed,
  NotFound,
  scoreOutcome,
  selfReportForm,
  ValidationFailed,
  type FieldProblem,
  type InstrumentCode,
  type ScoredOutcome,
} from '@kap/shared/domain';
import { OutcomesService } from '../outcomes/outcomes-service';
import { looksLikeToken, tokenHash } from './questionnaire-links';
import { QuestionnaireRequestsRepository, type LinkRow } from './questionnaire-requests-repository';
import type { SubmitQuestionnaireBody } from './self-report-requests';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** What an audit event of a public request is about; the patient becomes known once the link is found. */
interface LinkAudit {
  action: 'questionnaire.opened' | 'questionnaire.answered';
  requestId: string | null;
  patientId: string | null;
}

/**
 * The patient's side of a questionnaire link: no session, the token is the credential. Every
 * request is counted against its address (`PublicRateLimit`) and audited: opened, answered, or
 * refused with the reason, naming the patient once the link is known. An unknown token and a
 * closed one are told apart only as 404 and 410 (`link_closed`); nothing else is revealed.
 */
@Injectable()
export class PublicQuestionnaireService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: QuestionnaireRequestsRepository,
    private readonly outcomes: OutcomesService,
    private readonly rateLimit: PublicRateLimit,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The practice's name, the patient's first name and the questionnaires; nothing else about the patient. */
  async open(pctx: PublicRequestContext, token: string): Promise<PublicQuestionnaire> {
    await this.rateLimit.admit(pctx.ip);
    const audit: LinkAudit = { action: 'questionnaire.opened', requestId: null, patientId: null };
    return this.refusalsAudited(pctx, audit, async () => {
      const link = await this.find(this.dataSource.manager, token, false);
      audit.requestId = link.id;
      audit.patientId = link.patient_id;
      if (link.status !== 'open') throw new LinkClosed();
      await this.audit.record(this.entry(pctx, audit, 'success', {}));
      return {
        practiceName: link.practice_name,
        firstName: link.first_name,
        expiresAt: new Date(link.expires_at).toISOString(),
        instruments: link.instruments.map((code) => {
          const form = selfReportForm(code);
          return {
            code,
            name: form.name,
            instructions: form.instructions,
            items: form.items,
            difficulty: form.difficulty,
          };
        }),
      };
    });
  }

  /**
   * All answers or none: each becomes an Outcome (`source: "patient"`, no entering user) through
   * the same path as a typed score, so it raises exactly the same alerts, and the request is
   * completed in the same transaction. An `Idempotency-Key` resent after success replays the answer.
   */
  async submit(
    pctx: PublicRequestContext,
    token: string,
    body: SubmitQuestionnaireBody,
  ): Promise<SubmittedQuestionnaire> {
    await this.rateLimit.admit(pctx.ip);
    const key = pctx.idempotencyKey;
    if (key !== null && !KEY_PATTERN.test(key)) {
      throw new ValidationFailed([
        { field: 'Idempotency-Key', problem: 'must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const fingerprint = fingerprintOf(body);
    const audit: LinkAudit = { action: 'questionnaire.answered', requestId: null, patientId: null };
    return this.refusalsAudited(pctx, audit, () =>
      this.dataSource.transaction(async (manager) => {
        const link = await this.find(manager, token, true);
        audit.requestId = link.id;
        audit.patientId = link.patient_id;
        // The same key again after success (a lost answer, a resend from the page): the stored answer.
        if (key !== null && link.answer_key === key && link.answer_response) {
          if (link.answer_fingerprint !== fingerprint) throw new IdempotencyKeyReused();
          await this.audit.record(this.entry(pctx, audit, 'success', { replay: true }), manager);
          return link.answer_response;
        }
        if (link.status !== 'open') throw new LinkClosed();
        const scored = scoreAnswers(link.instruments, body);
        // Writes to one patient queue up, as for a typed score (the baseline is judged on a stable set).
        await this.requests.lockPatient(manager, link.patient_id);
        const now = this.clock.now();
        const outcomeIds: string[] = [];
        let crisisResources = false;
        for (const score of scored) {
          const stored = await this.outcomes.store(manager, {
            patientId: link.patient_id,
            scored: score,
            administeredAt: now.toISOString(),
            source: 'patient',
            sessionId: null,
            enteredBy: null,
            questionnaireRequestId: link.id,
          });
          outcomeIds.push(stored.id);
          if (stored.alertedFlags.some((flag) => CRISIS_FLAGS.includes(flag))) crisisResources = true;
        }
        const answer: SubmittedQuestionnaire = { received: scored.length, crisisResources };
        await this.requests.complete(manager, link.id, {
          at: now,
          key,
          fingerprint: key === null ? null : fingerprint,
          answer,
        });
        await this.audit.record(this.entry(pctx, audit, 'success', { outcomeIds, crisisResources }), manager);
        return answer;
      }),
    );
  }

  /** The link behind a token (404 for anything else: malformed, unknown, or its patient archived). */
  private async find(manager: EntityManager, token: string, lock: boolean): Promise<LinkRow> {
    if (!looksLikeToken(token)) throw new NotFound();
    const row = await this.requests.findLink(manager, tokenHash(token), this.clock.now(), lock);
    if (!row) throw new NotFound();
    return row;
  }

  /** A refusal (404, 410, 400, 422) leaves one `denied`/`failure` event of the same action. */
  private async refusalsAudited<T>(
    pctx: PublicRequestContext,
    audit: LinkAudit,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError) {
        const outcome = error instanceof NotFound || error instanceof LinkClosed ? 'denied' : 'failure';
        await this.audit.record(this.entry(pctx, audit, outcome, { error: error.code }));
      }
      throw error;
    }
  }

  private entry(
    pctx: PublicRequestContext,
    audit: LinkAudit,
    outcome: AuditEntry['outcome'],
    detail: Record<string, unknown>,
  ): AuditEntry {
    return {
      action: audit.action,
      outcome,
      // No signed-in person: the holder of the patient's link.
      actorRole: 'patient',
      entityType: 'questionnaire_request',
      entityId: audit.requestId,
      patientId: audit.patientId,
      requestId: pctx.requestId,
      ip: pctx.ip,
      detail,
    };
  }
}

/**
 * Scores every answer by its instrument's rules. The answers must be exactly the request's
 * questionnaires, once each; every problem of every answer is reported at once, named
 * `answers[i].items[j]`, and nothing is stored.
 */
function scoreAnswers(
  instruments: readonly InstrumentCode[],
  body: SubmitQuestionnaireBody,
): ScoredOutcome[] {
  const given = body.answers.map((answer) => answer.instrument);
  if (
    given.length !== instruments.length ||
    new Set(given).size !== given.length ||
    !instruments.every((code) => given.includes(code))
  ) {
    throw new ValidationFailed([
      {
        field: 'answers',
        problem: `must answer exactly these questionnaires, once each: ${instruments.join(', ')}`,
      },
    ]);
  }
  const problems: FieldProblem[] = [];
  const scored: ScoredOutcome[] = [];
  body.answers.forEach((answer, i) => {
    try {
      scored.push(scoreOutcome(answer.instrument, answer.items, answer.difficulty));
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      for (const problem of error.details as FieldProblem[])
        problems.push({ field: `answers[${i}].${problem.field}`, problem: problem.problem });
    }
  });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return scored;
}

/** The same answers give the same fingerprint, whatever the key order. */
function fingerprintOf(body: SubmitQuestionnaireBody): string {
  const canonical = body.answers.map((a) => [a.instrument, a.items, a.difficulty ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
