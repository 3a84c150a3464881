import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  ElementRef,
  inject,
  Injector,
  input,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { MeasurementPlan } from '@kap/shared/contracts';
import {
  INSTRUMENTS,
  measurementPlanProblems,
  PLAN_LIMITS,
  SELF_REPORT_INSTRUMENTS,
  type InstrumentCode,
  type PlanEvery,
} from '@kap/shared/domain';
import { errorCode, errorMessage, fieldProblems } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { draftOf, planSentences, problemsByRule, ruleOf, SUGGESTED_PLAN, type DraftRule } from './plan-rules';
import { SelfReportApi } from './self-report-api';

export const PLAN_CONFLICT_MESSAGE =
  'The measurement plan was changed elsewhere while you were editing. It has been reloaded: check it, and make your change again if it is still needed.';

/** The answers that mean "someone else saved first" (or the version was not sent): read the plan again. */
const CONFLICT_CODES = new Set(['version_conflict', 'precondition_required', 'conflict']);

/**
 * The course's measurement plan (docs/api.md "Patient self-report"): which questionnaires the server
 * sends the patient after each dose and every N days. A course without a plan is offered the
 * suggested one, saved only when the therapist presses the button. Attached to the patient page
 * under the course (`outcomeSections.measurementPlan`), which sets `courseId`.
 */
@Component({
  selector: 'kap-measurement-plan-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, ErrorBanner],
  templateUrl: './measurement-plan-section.html',
  styleUrl: './self-report-sections.scss',
})
export class MeasurementPlanSection {
  private readonly api = inject(SelfReportApi);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly courseId = input<string | null>(null);

  protected readonly instruments = SELF_REPORT_INSTRUMENTS.map((code) => ({
    code,
    name: INSTRUMENTS[code].name,
  }));
  protected readonly suggestion = planSentences(SUGGESTED_PLAN);
  protected readonly maxRules = PLAN_LIMITS.rules;

  protected readonly plan = signal<MeasurementPlan | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly saving = signal(false);
  protected readonly sentences = computed(() => planSentences(this.plan()?.rules ?? []));

  /** The rules being edited; null when not editing. */
  protected readonly draft = signal<DraftRule[] | null>(null);
  protected readonly rowProblems = signal<Map<number, string[]>>(new Map());
  protected readonly planProblems = signal<string[]>([]);

  constructor() {
    // Another course (or the first): its own plan, read afresh. Only the course id is read here.
    effect(() => {
      const courseId = this.courseId();
      this.draft.set(null);
      this.plan.set(null);
      if (courseId) void this.load(courseId);
    });
  }

  protected async useSuggestion(): Promise<void> {
    await this.save(
      SUGGESTED_PLAN.map(draftOf),
      'The suggested plan was saved. Questionnaires will be sent as it says.',
    );
  }

  protected edit(): void {
    const rules = this.plan()?.rules ?? [];
    this.draft.set(
      rules.length ? rules.map(draftOf) : [{ instrument: 'PHQ9', every: 'dosing_session', amount: '24' }],
    );
    this.clearProblems();
    this.status.set('');
    this.focusRow(0);
  }

  protected cancelEdit(): void {
    this.draft.set(null);
    this.clearProblems();
  }

  protected addRule(): void {
    const draft = this.draft();
    if (!draft || draft.length >= PLAN_LIMITS.rules) return;
    this.draft.set([...draft, { instrument: 'PHQ9', every: 'days', amount: '7' }]);
    this.focusRow(draft.length);
  }

  protected removeRule(index: number): void {
    const draft = this.draft();
    if (!draft) return;
    this.draft.set(draft.filter((_, i) => i !== index));
    this.clearProblems();
    this.status.set(`Rule ${index + 1} was removed.`);
  }

  protected setInstrument(index: number, value: string): void {
    if (SELF_REPORT_INSTRUMENTS.includes(value as InstrumentCode))
      this.updateRow(index, { instrument: value as InstrumentCode });
  }

  protected setEvery(index: number, value: string): void {
    if (value !== 'dosing_session' && value !== 'days') return;
    // A sensible number for the new kind of timing, rather than 24 days or 7 hours.
    this.updateRow(index, { every: value as PlanEvery, amount: value === 'dosing_session' ? '24' : '7' });
  }

  protected setAmount(index: number, value: string): void {
    this.updateRow(index, { amount: value });
  }

  protected async saveDraft(): Promise<void> {
    const draft = this.draft();
    if (draft) await this.save(draft, 'The measurement plan was saved.');
  }

  private async save(draft: DraftRule[], done: string): Promise<void> {
    const plan = this.plan();
    const courseId = this.courseId();
    if (!plan || !courseId || this.saving()) return;
    const rules = draft.map(ruleOf);
    // The API's own rule (the shared domain), before anything is sent.
    if (this.showProblems(measurementPlanProblems(rules))) return;
    this.saving.set(true);
    this.error.set(null);
    this.status.set('');
    try {
      this.plan.set(await this.api.savePlan(courseId, plan.version, { rules }));
      this.draft.set(null);
      this.clearProblems();
      this.status.set(done);
    } catch (error) {
      if (
        error instanceof HttpErrorResponse &&
        (error.status === 412 ||
          error.status === 409 ||
          error.status === 428 ||
          CONFLICT_CODES.has(errorCode(error) ?? ''))
      ) {
        this.draft.set(null);
        this.clearProblems();
        await this.load(courseId);
        this.error.set(PLAN_CONFLICT_MESSAGE);
      } else if (!this.showProblems(fieldProblems(error))) {
        this.error.set(errorMessage(error));
      }
      this.focusBanner();
    } finally {
      this.saving.set(false);
    }
  }

  /** Shows each problem at its rule (or above the rules); true when there was any. */
  private showProblems(problems: readonly { field: string; problem: string }[]): boolean {
    if (problems.length === 0) return false;
    const { rows, plan } = problemsByRule(problems);
    this.rowProblems.set(rows);
    this.planProblems.set(plan);
    const first = [...rows.keys()].sort((a, b) => a - b)[0];
    if (first !== undefined && plan.length === 0) this.focusRow(first);
    else this.focusBanner();
    return true;
  }

  private clearProblems(): void {
    this.rowProblems.set(new Map());
    this.planProblems.set([]);
  }

  private updateRow(index: number, change: Partial<DraftRule>): void {
    const draft = this.draft();
    if (!draft) return;
    this.draft.set(draft.map((row, i) => (i === index ? { ...row, ...change } : row)));
    if (this.rowProblems().has(index)) {
      const rows = new Map(this.rowProblems());
      rows.delete(index);
      this.rowProblems.set(rows);
    }
  }

  private async load(courseId: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const plan = await this.api.plan(courseId);
      if (courseId === this.courseId()) this.plan.set(plan);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  private focusRow(index: number): void {
    afterNextRender(
      () => this.host.nativeElement.querySelector<HTMLElement>(`#plan-rule-${index}-instrument`)?.focus(),
      { injector: this.injector },
    );
  }

  private focusBanner(): void {
    afterNextRender(
      () =>
        this.host.nativeElement
          .querySelector<HTMLElement>('.plan-problems, [role="alert"].banner.shown')
          ?.focus(),
      { injector: this.injector },
    );
  }
}
