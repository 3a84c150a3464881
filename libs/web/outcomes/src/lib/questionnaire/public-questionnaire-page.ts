import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  ElementRef,
  inject,
  InjectionToken,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import type {
  PublicInstrument,
  PublicQuestionnaire,
  SubmitQuestionnaireRequest,
  SubmittedQuestionnaire,
} from '@kap/shared/contracts';
import { errorCode, errorMessage, fieldProblems, newIdempotencyKey } from '@kap/web/core';
import { WIDE_WINDOW } from '@kap/web/ui';
import type { Answer } from '../display/follow-up-questions';
import {
  answerOf,
  askedQuestions,
  emptySheet,
  forget,
  keep,
  keptAttempt,
  questionOfField,
  readKept,
  submission,
  unanswered,
  withSheetAnswer,
  type AnswerSheet,
  type KeptAnswers,
  type SheetQuestion,
} from './answer-sheet';
import { CrisisResources } from './crisis-resources';
import { PublicQuestionnaireApi } from './public-questionnaire-api';

/** Where the answers wait for a dropped connection: this tab's session storage (none if refused). */
export const QUESTIONNAIRE_STORAGE = new InjectionToken<Storage | null>('questionnaire answers storage', {
  providedIn: 'root',
  factory: () => {
    try {
      return inject(DOCUMENT).defaultView?.sessionStorage ?? null;
    } catch {
      return null;
    }
  },
});

export const LINK_NOT_VALID = 'This link is not valid.';
export const LINK_CLOSED = 'This questionnaire is closed (already answered, expired or cancelled).';
export const ANSWERS_KEPT =
  'Your answers are kept on this device: press "Send my answers" again when you are back online.';

type PageState =
  | { kind: 'loading' }
  | { kind: 'not_found' }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string }
  | { kind: 'answering' }
  | { kind: 'sent'; result: SubmittedQuestionnaire };

/**
 * The patient's own questionnaire page (`/q/:token`), outside the signed-in app: no account, no
 * session check. It shows the practice's name and the patient's first name, asks one question per
 * screen on a phone and all of them on one page on a wider screen, keeps the answers in this tab
 * until they are received, and sends them again with the same `Idempotency-Key`. When an answer
 * raises a safety alert, the crisis line comes first, before the thank-you.
 */
@Component({
  selector: 'kap-public-questionnaire-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CrisisResources],
  templateUrl: './public-questionnaire-page.html',
  styleUrl: './public-questionnaire-page.scss',
})
export class PublicQuestionnairePage {
  private readonly api = inject(PublicQuestionnaireApi);
  private readonly storage = inject(QUESTIONNAIRE_STORAGE);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';

  /** Below 40rem (a phone, or a desktop at a large zoom) the page asks one question per screen. */
  protected readonly wide = inject(WIDE_WINDOW);
  protected readonly state = signal<PageState>({ kind: 'loading' });
  protected readonly questionnaire = signal<PublicQuestionnaire | null>(null);
  protected readonly sheet = signal<AnswerSheet>({ items: [], difficulty: [] });
  /** The question on screen (one per screen), as a position among the questions asked. */
  protected readonly step = signal(0);
  protected readonly sending = signal(false);
  protected readonly sendError = signal<string | null>(null);
  /** A question that needs attention, with what to say beside it. */
  protected readonly questionError = signal<{ key: string; message: string } | null>(null);
  /** After a send with questions left out, each one says so (one page). */
  protected readonly showMissing = signal(false);
  private attempt: KeptAnswers['attempt'] = null;

  protected readonly questions = computed(() => {
    const questionnaire = this.questionnaire();
    return questionnaire ? askedQuestions(questionnaire, this.sheet()) : [];
  });
  protected readonly current = computed(
    () => this.questions()[Math.min(this.step(), this.questions().length - 1)] ?? null,
  );
  protected readonly currentPosition = computed(() => Math.min(this.step(), this.questions().length - 1));
  protected readonly isLast = computed(() => this.currentPosition() >= this.questions().length - 1);
  protected readonly answeredCount = computed(
    () => this.questions().filter((question) => answerOf(this.sheet(), question) !== null).length,
  );
  protected readonly missingKeys = computed(
    () => new Set(this.showMissing() ? unanswered(this.questions(), this.sheet()).map((q) => q.key) : []),
  );
  protected readonly lead = computed(() => {
    const questionnaire = this.questionnaire();
    if (!questionnaire) return '';
    const count = questionnaire.instruments.length;
    const what = count === 1 ? 'one short questionnaire' : `${count} short questionnaires`;
    return `${questionnaire.practiceName} asks you to answer ${what}. Your answers go to your therapist.`;
  });
  protected readonly until = computed(() => {
    const expiresAt = this.questionnaire()?.expiresAt;
    if (!expiresAt) return '';
    const when = Date.parse(expiresAt);
    return Number.isNaN(when)
      ? ''
      : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(when);
  });

  protected readonly failedMessage = computed(() => {
    const state = this.state();
    return state.kind === 'failed' ? state.message : '';
  });
  protected readonly sentResult = computed(() => {
    const state = this.state();
    return state.kind === 'sent' ? state.result : null;
  });
  /** After a reply replayed for a closed link, the page never read the names: it says less. */
  protected readonly firstNameSuffix = computed(() => {
    const name = this.questionnaire()?.firstName;
    return name ? `, ${name}` : '';
  });
  protected readonly sentTo = computed(() => this.questionnaire()?.practiceName ?? 'your therapist');
  private readonly answerForm = viewChild<ElementRef<HTMLElement>>('answerForm');

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.state.set({ kind: 'loading' });
    try {
      const questionnaire = await this.api.open(this.token);
      const kept = readKept(this.storage, this.token, questionnaire);
      this.questionnaire.set(questionnaire);
      this.sheet.set(kept?.sheet ?? emptySheet(questionnaire));
      this.step.set(kept?.step ?? 0);
      this.attempt = kept?.attempt ?? null;
      this.state.set({ kind: 'answering' });
    } catch (error) {
      await this.failedToOpen(error);
    }
    this.focusHeading();
  }

  /**
   * A link already answered is closed; but if this tab sent answers whose reply was lost, sending
   * them again with the same key gets the server's first reply back (and with it the crisis line,
   * if it applies), instead of "closed".
   */
  private async failedToOpen(error: unknown): Promise<void> {
    const status = error instanceof HttpErrorResponse ? error.status : -1;
    if (status === 404) return this.state.set({ kind: 'not_found' });
    if (status !== 410) return this.state.set({ kind: 'failed', message: errorMessage(error) });
    const attempt = keptAttempt(this.storage, this.token);
    if (attempt) {
      try {
        const result = await this.api.submit(
          this.token,
          JSON.parse(attempt.body) as SubmitQuestionnaireRequest,
          attempt.key,
        );
        forget(this.storage, this.token);
        return this.state.set({ kind: 'sent', result });
      } catch {
        // Not this tab's answers after all: the link is closed.
      }
    }
    forget(this.storage, this.token);
    this.state.set({ kind: 'closed' });
  }

  protected answerTo(question: SheetQuestion): Answer {
    return answerOf(this.sheet(), question);
  }

  /** What to say beside a question: why it needs attention, or nothing. */
  protected errorAt(question: SheetQuestion): string | null {
    const error = this.questionError();
    if (error?.key === question.key) return error.message;
    return this.missingKeys().has(question.key) ? 'Choose an answer.' : null;
  }

  protected choose(question: SheetQuestion, value: Answer): void {
    const questionnaire = this.questionnaire();
    if (!questionnaire) return;
    this.sheet.set(withSheetAnswer(questionnaire, this.sheet(), question, value));
    if (this.questionError()?.key === question.key) this.questionError.set(null);
    this.sendError.set(null);
    this.persist();
  }

  /**
   * The questions on screen, under their questionnaire's name and instructions: every question on a
   * wide screen, the current one on a phone. Each carries its number among all the questions asked.
   */
  protected readonly shown = computed(() => {
    const questionnaire = this.questionnaire();
    if (!questionnaire) return [];
    const current = this.current();
    const groups: {
      index: number;
      instrument: PublicInstrument;
      questions: { question: SheetQuestion; number: number }[];
    }[] = [];
    this.questions().forEach((question, position) => {
      if (!this.wide() && question !== current) return;
      let group = groups[groups.length - 1];
      if (group?.index !== question.instrument) {
        group = {
          index: question.instrument,
          instrument: questionnaire.instruments[question.instrument],
          questions: [],
        };
        groups.push(group);
      }
      group.questions.push({ question, number: position + 1 });
    });
    return groups;
  });

  /** One question per screen: on, unless a required answer is missing; the last one sends. */
  protected next(): void {
    const question = this.current();
    if (!question) return;
    if (!question.optional && answerOf(this.sheet(), question) === null) {
      this.questionError.set({ key: question.key, message: 'Choose an answer to go on.' });
      this.focusQuestion(question.key);
      return;
    }
    if (this.isLast()) {
      void this.send();
      return;
    }
    this.moveTo(this.currentPosition() + 1);
  }

  protected back(): void {
    if (this.currentPosition() > 0) this.moveTo(this.currentPosition() - 1);
  }

  private moveTo(position: number): void {
    this.step.set(position);
    this.questionError.set(null);
    this.sendError.set(null);
    this.persist();
    const question = this.current();
    if (question) this.focusQuestion(question.key);
  }

  protected async send(): Promise<void> {
    const questionnaire = this.questionnaire();
    if (!questionnaire || this.sending()) return;
    const missing = unanswered(this.questions(), this.sheet());
    if (missing.length > 0) {
      this.showMissing.set(true);
      const position = this.questions().indexOf(missing[0]);
      const message =
        missing.length === 1
          ? 'One question still needs an answer.'
          : `${missing.length} questions still need an answer.`;
      this.questionError.set({ key: missing[0].key, message: 'Choose an answer.' });
      this.sendError.set(message);
      if (!this.wide()) this.step.set(position);
      this.focusQuestion(missing[0].key);
      return;
    }
    const body = submission(questionnaire, this.sheet());
    const text = JSON.stringify(body);
    // One key per set of answers: the same answers again (a retry) reuse it; changed ones get a new one.
    if (this.attempt?.body !== text) this.attempt = { key: newIdempotencyKey(), body: text };
    this.persist();
    this.sending.set(true);
    this.sendError.set(null);
    try {
      const result = await this.api.submit(this.token, body, this.attempt.key);
      forget(this.storage, this.token);
      this.state.set({ kind: 'sent', result });
      this.focusHeading();
    } catch (error) {
      this.sendFailed(error);
    } finally {
      this.sending.set(false);
    }
  }

  private sendFailed(error: unknown): void {
    const status = error instanceof HttpErrorResponse ? error.status : -1;
    if (status === 404 || status === 410) {
      forget(this.storage, this.token);
      this.state.set({ kind: status === 404 ? 'not_found' : 'closed' });
      this.focusHeading();
      return;
    }
    if (status === 400 && errorCode(error) === 'validation_failed') {
      const questions = this.questions();
      for (const problem of fieldProblems(error)) {
        const position = questionOfField(questions, problem.field);
        if (position < 0) continue;
        const question = questions[position];
        this.questionError.set({
          key: question.key,
          message: `Please answer this question again: ${problem.problem}.`,
        });
        this.sendError.set('One answer could not be accepted. Please answer that question again.');
        if (!this.wide()) this.step.set(position);
        this.persist();
        this.focusQuestion(question.key);
        return;
      }
    }
    const message =
      status === 0 ? 'Your answers could not be sent: there is no connection.' : errorMessage(error);
    this.sendError.set(
      status >= 400 && status < 500 && status !== 429 ? message : `${message} ${ANSWERS_KEPT}`,
    );
    this.focusSendError();
  }

  private persist(): void {
    keep(this.storage, this.token, { sheet: this.sheet(), step: this.step(), attempt: this.attempt });
  }

  private focusHeading(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus(), {
      injector: this.injector,
    });
  }

  /** Focus on the question's legend: a screen reader says the question, the page scrolls to it. */
  private focusQuestion(key: string): void {
    afterNextRender(
      () =>
        this.answerForm()
          ?.nativeElement.querySelector<HTMLElement>(`[data-question="${key}"] legend`)
          ?.focus(),
      { injector: this.injector },
    );
  }

  private focusSendError(): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>('.send-error')?.focus(), {
      injector: this.injector,
    });
  }
}

/** The route's loader takes the default export: the shortest loader in the app's initial bundle. */
export default PublicQuestionnairePage;
