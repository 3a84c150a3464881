import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  Injector,
  signal,
  viewChildren,
} from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { InstrumentSummary, RecordOutcomeRequest } from '@kap/shared/contracts';
import { isInstrumentCode, type InstrumentCode } from '@kap/shared/domain';
import { errorMessage, fieldProblems, newIdempotencyKey } from '@kap/web/core';
import { clinicCalendar } from '@kap/web/core/calendar';
import { ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { OutcomesApi } from '../data-access/outcomes-api';
import {
  answerOptions,
  bandLabel,
  formatTotal,
  INSTRUMENT_SHORT_NAMES,
  type AnswerOption,
} from '../display/outcome-labels';
import { SafetyNotice } from '../display/safety-notice';
import {
  answerForKey,
  answeredCount,
  askedAfter,
  effectiveAnswers,
  firstUnanswered,
  isSkipped,
  liveScore,
  requiredCount,
  safetyConcern,
  withAnswer,
  type Answer,
} from './score-form';

/** The extra PHQ-9 / GAD-7 question; its answer is stored apart and never added to the total. */
export const DIFFICULTY_OPTIONS: readonly AnswerOption[] = [
  { value: 0, label: 'Not difficult at all', key: '0' },
  { value: 1, label: 'Somewhat difficult', key: '1' },
  { value: 2, label: 'Very difficult', key: '2' },
  { value: 3, label: 'Extremely difficult', key: '3' },
];

const ITEM_FIELD = /^items\[(\d+)\]$/;

/**
 * Entering a questionnaire item by item. Built for the keyboard: a digit (or y/n) answers the
 * focused item and moves on, so a PHQ-9 read out in a session is nine key presses. The total and
 * band are computed live by the same shared domain code the API scores with.
 */
@Component({
  selector: 'kap-score-entry-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageHeading,
    ErrorBanner,
    SafetyNotice,
  ],
  templateUrl: './score-entry-page.html',
  styleUrl: './score-entry-page.scss',
})
export class ScoreEntryPage {
  private readonly api = inject(OutcomesApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly banners = viewChildren(ErrorBanner);

  protected readonly patientId = signal('');
  protected readonly patientName = signal<string | null>(null);
  protected readonly instruments = signal<InstrumentSummary[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly code = signal<InstrumentCode>('PHQ9');
  protected readonly instrument = computed(
    () => this.instruments().find((i) => i.code === this.code()) ?? null,
  );
  protected readonly shortName = computed(() => INSTRUMENT_SHORT_NAMES[this.code()]);

  protected readonly answers = signal<Answer[]>([]);
  protected readonly difficulty = signal<number | null>(null);
  // The clinic's clock (the organization's zone), as every date on screen: not the browser's.
  protected readonly administeredAt = new FormControl(clinicCalendar.inputValue(new Date()), {
    nonNullable: true,
    validators: [Validators.required],
  });
  protected readonly administeredAtHint = clinicCalendar.fieldHint();

  protected readonly itemProblems = signal<ReadonlyMap<number, string>>(new Map());
  protected readonly difficultyProblem = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly saving = signal(false);

  protected readonly difficultyOptions = DIFFICULTY_OPTIONS;
  protected readonly itemOptions = computed(() => {
    const instrument = this.instrument();
    return instrument ? instrument.items.map((_item, index) => answerOptions(instrument, index)) : [];
  });
  protected readonly answered = computed(() => answeredCount(this.code(), this.answers()));
  protected readonly required = computed(() => requiredCount(this.code(), this.answers()));
  protected readonly score = computed(() => liveScore(this.code(), this.answers(), this.difficulty()));
  protected readonly band = computed(() => {
    const score = this.score();
    return score ? bandLabel(this.instrument(), score.severity) : null;
  });
  protected readonly concern = computed(() => safetyConcern(this.code(), this.answers()));
  /** "6.7" for the PEG's one-decimal mean, "14" elsewhere. */
  protected readonly totalText = computed(() => formatTotal(this.instrument(), this.score()?.total ?? null));
  // Texts and links are built here rather than in the template: template literals with several
  // values pull extra Angular runtime into the initial bundle, which is at its budget.
  protected readonly pendingText = computed(
    () =>
      `Answer all ${this.required()} items to see the ${this.instrument()?.range ? 'total' : 'result'} (${this.answered()} answered).`,
  );
  protected readonly trendLink = computed(() => `/patients/${this.patientId()}/scores/${this.code()}`);

  /** Same body, same key: a retry after a timeout cannot store the score twice. */
  private pendingSave: { key: string; body: string } | null = null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    const params = this.route.paramMap.subscribe((map) => {
      const id = map.get('id') ?? '';
      if (id !== this.patientId()) {
        this.patientId.set(id);
        void this.loadPatient(id);
      }
    });
    const query = this.route.queryParamMap.subscribe((map) => {
      const requested = map.get('instrument');
      this.selectInstrument(isInstrumentCode(requested) ? requested : 'PHQ9');
    });
    destroyRef.onDestroy(() => {
      params.unsubscribe();
      query.unsubscribe();
    });
    void this.loadInstruments();
  }

  protected skipped(index: number): boolean {
    return isSkipped(this.code(), this.answers(), index);
  }

  /** "Asked only when question 2 is yes; recorded as no." (question 6 for question 7). */
  protected skipNote(index: number): string {
    const lead = askedAfter(this.code(), index);
    return `Asked only when question ${lead === null ? 2 : lead + 1} is yes; recorded as no.`;
  }

  protected isChosen(index: number, option: AnswerOption): boolean {
    return this.answers()[index] === option.value;
  }

  protected chooseInstrument(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (!isInstrumentCode(value)) return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { instrument: value },
      replaceUrl: true,
    });
  }

  protected setAnswer(index: number, value: Answer): void {
    this.answers.update((answers) => withAnswer(this.code(), answers, index, value));
    this.clearItemProblem(index);
  }

  protected setDifficulty(value: number | null): void {
    this.difficulty.set(value);
    this.difficultyProblem.set(null);
  }

  protected chooseDifficulty(option: AnswerOption): void {
    if (typeof option.value === 'number') this.setDifficulty(option.value);
  }

  protected administeredAtMessage(): string {
    return (
      (this.administeredAt.getError('server') as string | undefined) ??
      'Enter the date and time the questionnaire was given.'
    );
  }

  /**
   * Digits (or y/n) answer the focused item and move to the next one still to be asked;
   * Backspace clears the focused item's answer, or, when it is empty, goes back one item. Arrow
   * keys keep their native radio-group meaning (change the answer within the item).
   */
  protected onItemKeydown(event: KeyboardEvent, index: number): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const instrument = this.instrument();
    if (!instrument) return;
    const value = answerForKey(instrument, index, event.key);
    if (value !== null) {
      event.preventDefault();
      this.setAnswer(index, value);
      this.focusAfter(index);
    } else if (event.key === 'Backspace' || event.key === 'Delete') {
      event.preventDefault();
      if (this.answers()[index] !== null) this.setAnswer(index, null);
      else if (event.key === 'Backspace') this.focusBefore(index);
    }
  }

  protected onDifficultyKeydown(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const option = DIFFICULTY_OPTIONS.find((candidate) => candidate.key === event.key);
    if (option) {
      event.preventDefault();
      this.chooseDifficulty(option);
      this.focus('#save-score');
    } else if (event.key === 'Backspace' || event.key === 'Delete') {
      event.preventDefault();
      if (this.difficulty() !== null) this.setDifficulty(null);
      else if (event.key === 'Backspace') this.focusBefore(this.answers().length);
    }
  }

  async save(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    const code = this.code();
    const missing = firstUnanswered(code, this.answers());
    if (missing >= 0) {
      this.formError.set(`Answer all ${this.required()} items before saving (${this.answered()} answered).`);
      this.focusItem(missing);
      return;
    }
    const when = clinicCalendar.instantOfInput(this.administeredAt.value);
    if (this.administeredAt.invalid || Number.isNaN(when)) {
      this.administeredAt.setErrors({ required: true });
      this.administeredAt.markAsTouched();
      this.focus('#administered-at');
      return;
    }
    const body: RecordOutcomeRequest = {
      instrument: code,
      administeredAt: new Date(when).toISOString(),
      items: effectiveAnswers(code, this.answers()) as number[] | boolean[],
      ...(this.instrument()?.acceptsDifficulty && this.difficulty() !== null
        ? { difficulty: this.difficulty() as number }
        : {}),
    };
    const serialized = JSON.stringify(body);
    if (this.pendingSave?.body !== serialized)
      this.pendingSave = { key: newIdempotencyKey(), body: serialized };

    this.saving.set(true);
    try {
      await firstValueFrom(this.api.record(this.patientId(), body, this.pendingSave.key));
      this.pendingSave = null;
      await this.router.navigate(['/patients', this.patientId(), 'scores', code]);
    } catch (error) {
      this.showSaveError(error);
    } finally {
      this.saving.set(false);
    }
  }

  private selectInstrument(code: InstrumentCode): void {
    this.code.set(code);
    this.resetAnswers();
  }

  private resetAnswers(): void {
    const count = this.instrument()?.items.length ?? 0;
    this.answers.set(Array.from({ length: count }, () => null));
    this.difficulty.set(null);
    this.itemProblems.set(new Map());
    this.difficultyProblem.set(null);
    this.formError.set(null);
  }

  private async loadInstruments(): Promise<void> {
    try {
      this.instruments.set(await this.api.instruments());
      this.resetAnswers();
    } catch (error) {
      this.loadError.set(errorMessage(error));
    }
  }

  private async loadPatient(id: string): Promise<void> {
    this.patientName.set(null);
    try {
      const patient = await firstValueFrom(this.api.patient(id));
      this.patientName.set(`${patient.preferredName ?? patient.givenName} ${patient.familyName}`);
    } catch (error) {
      this.loadError.set(errorMessage(error));
    }
  }

  private showSaveError(error: unknown): void {
    const unplaced: string[] = [];
    const items = new Map<number, string>();
    for (const { field, problem } of fieldProblems(error)) {
      const item = ITEM_FIELD.exec(field);
      if (item) items.set(Number(item[1]), sentence(problem));
      else if (field === 'administeredAt') {
        this.administeredAt.setErrors({ server: `The date and time ${problem}.` });
        this.administeredAt.markAsTouched();
      } else if (field === 'difficulty') this.difficultyProblem.set(sentence(problem));
      else unplaced.push(`${field === 'items' ? 'The answers' : sentence(field)} ${problem}.`);
    }
    this.itemProblems.set(items);
    // A network failure keeps the key, so pressing Save again cannot store the score twice.
    if (!(error instanceof HttpErrorResponse && error.status === 0)) this.pendingSave = null;
    const placed =
      items.size > 0 || this.administeredAt.hasError('server') || this.difficultyProblem() !== null;
    this.formError.set(
      unplaced.length
        ? unplaced.join(' ')
        : placed
          ? 'Some answers need attention; see the marked items.'
          : errorMessage(error),
    );
    const firstItem = Math.min(...items.keys());
    if (Number.isFinite(firstItem)) this.focusItem(firstItem);
    else if (this.administeredAt.hasError('server')) this.focus('#administered-at');
    else this.banners().at(-1)?.focus();
  }

  private clearItemProblem(index: number): void {
    if (!this.itemProblems().has(index)) return;
    this.itemProblems.update((problems) => {
      const next = new Map(problems);
      next.delete(index);
      return next;
    });
  }

  /** The next item still asked (C-SSRS may skip 3–5), then the difficulty question, then Save. */
  private focusAfter(index: number): void {
    // The answer just given may change what is skipped, so look at the new answers.
    const answers = this.answers();
    for (let next = index + 1; next < answers.length; next++) {
      if (!isSkipped(this.code(), answers, next)) {
        this.focusItem(next);
        return;
      }
    }
    if (this.instrument()?.acceptsDifficulty) this.focusRadio('#difficulty');
    else this.focus('#save-score');
  }

  private focusBefore(index: number): void {
    const answers = this.answers();
    for (let previous = index - 1; previous >= 0; previous--) {
      if (!isSkipped(this.code(), answers, previous)) {
        this.focusItem(previous);
        return;
      }
    }
  }

  private focusItem(index: number): void {
    this.focusRadio(`#item-${index}`);
  }

  /**
   * Focuses a radio group the way Tab would enter it: on the checked answer, else the first. An
   * item enabled by the answer just given (C-SSRS question 2) is still disabled until the next
   * render, so that case waits for it.
   */
  private focusRadio(groupSelector: string): void {
    const radioIn = () => {
      const group = this.host.nativeElement.querySelector<HTMLElement>(groupSelector);
      return (
        group?.querySelector<HTMLInputElement>('input[type="radio"]:checked') ??
        group?.querySelector<HTMLInputElement>('input[type="radio"]')
      );
    };
    this.focusNowOrAfterRender(radioIn);
  }

  private focus(selector: string): void {
    this.focusNowOrAfterRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector));
  }

  private focusNowOrAfterRender(find: () => HTMLElement | null | undefined): void {
    const target = find();
    // `:disabled` also covers inputs inside a disabled fieldset, whose own `disabled` stays false.
    if (target && !target.matches(':disabled')) {
      target.focus();
      return;
    }
    afterNextRender(() => find()?.focus(), { injector: this.injector });
  }
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** For the route loader (`outcomePages`): a default export needs no `.then` in the initial bundle. */
export default ScoreEntryPage;
