import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormArray, FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { Session } from '@kap/shared/contracts';
import { errorCode, errorMessage, fieldProblems } from '@kap/web/core';
import { ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { AdverseEventFields } from '../adverse-events/adverse-event-fields';
import { SessionsApi } from '../data-access/sessions-api';
import {
  doseText,
  formatDateTime,
  GAP_LABELS,
  noteKindAfter,
  NOTE_KIND_LABELS,
  sentence,
  SEVERITY_LABELS,
} from '../display/session-labels';
import { focusAfterRender } from '../forms/focus-after-render';
import {
  clearServerProblems,
  hasServerProblem,
  placeProblems,
  type FieldProblem,
} from '../forms/server-problems';
import type { AdverseAnswer } from '../log-session/session-form';
import { vitalsReadingGroup } from '../vitals/vitals-reading-group';
import { VitalsReadingFields } from '../vitals/vitals-reading-fields';
import {
  documentationBody,
  documentationControlPath,
  documentationProblems,
  editableGaps,
  startingValue,
  type DocumentationFormValue,
} from './documentation-form';

/**
 * Completing a logged dose's documentation: the missing readings and the adverse-events answer.
 * The save carries the version the page was opened at, so a change made meanwhile (another tab,
 * a colleague) is never overwritten: the page says so and offers to reload.
 */
@Component({
  selector: 'kap-complete-documentation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    PageHeading,
    ErrorBanner,
    VitalsReadingFields,
    AdverseEventFields,
  ],
  templateUrl: './complete-documentation-page.html',
  styleUrl: '../log-session/log-session-page.scss',
})
export class CompleteDocumentationPage {
  private readonly api = inject(SessionsApi);
  private readonly router = inject(Router);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly banner = viewChild<ErrorBanner>('formBanner');
  private readonly focusLater = focusAfterRender();

  protected readonly patientId = signal('');
  protected readonly session = signal<Session | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly conflict = signal(false);
  protected readonly saving = signal(false);
  protected readonly adverseAnswer = signal<AdverseAnswer>('');

  protected readonly severityLabels = SEVERITY_LABELS;
  /** Whether the banner only points at marked fields, so it goes once none is marked any more. */
  private bannerFollowsFields = false;

  protected readonly form = this.fb.group({
    readings: this.fb.array<FormGroup>([]),
    adverseAnswer: this.fb.control<AdverseAnswer>(''),
    adverseEvents: this.fb.array<FormGroup>([]),
  });

  protected readonly lead = computed(() => {
    const session = this.session();
    return session
      ? `Dosing session of ${formatDateTime(session.occurredAt)}: ${doseText(session)}.`
      : undefined;
  });
  protected readonly missing = computed(() =>
    (this.session()?.documentationMissing ?? []).map((gap) => ({
      gap,
      label: sentence(GAP_LABELS[gap] ?? gap),
    })),
  );
  protected readonly editable = computed(() => {
    const session = this.session();
    return session ? editableGaps(session) : [];
  });
  protected readonly asksAdverseEvents = computed(() => this.editable().includes('adverse_events'));
  protected readonly noteMissing = computed(
    () => this.session()?.documentationMissing.includes('signed_note') ?? false,
  );
  protected readonly patientLink = computed(() => `/patients/${this.patientId()}`);
  protected readonly noteLink = computed(() => `/patients/${this.patientId()}/notes/new`);
  protected readonly noteQuery = computed(() => ({
    sessionId: this.session()?.id ?? '',
    kind: noteKindAfter('dosing'),
  }));
  protected readonly noteLinkText = `Write the ${NOTE_KIND_LABELS[noteKindAfter('dosing')].toLowerCase()}`;

  constructor() {
    const route = inject(ActivatedRoute);
    const subscriptions = [
      route.paramMap.subscribe((map) => {
        this.patientId.set(map.get('id') ?? '');
        const sessionId = map.get('sessionId');
        if (sessionId && sessionId !== this.session()?.id) void this.load(sessionId);
      }),
      this.form.controls.adverseAnswer.valueChanges.subscribe((answer) => {
        this.adverseAnswer.set(answer);
        if (answer === 'some' && this.adverseEvents.length === 0) this.addAdverseEvent();
      }),
      this.form.valueChanges.subscribe(() => this.dropFixedBanner()),
    ];
    inject(DestroyRef).onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
  }

  protected get readings(): FormArray<FormGroup> {
    return this.form.controls.readings;
  }

  protected get adverseEvents(): FormArray<FormGroup> {
    return this.form.controls.adverseEvents;
  }

  protected addAdverseEvent(): void {
    this.adverseEvents.push(this.fb.group({ type: '', severity: '', reportedToOnCallAt: '', action: '' }));
    this.focusLater(`#event-${this.adverseEvents.length - 1}-type`);
  }

  protected removeAdverseEvent(index: number): void {
    this.adverseEvents.removeAt(index);
  }

  /** The message under a control: the server's (or the form's) words for it. */
  protected problem(path: string): string {
    return (this.form.get(path)?.getError('server') as string | undefined) ?? '';
  }

  /** After a 412: the latest version, with the form started again from what it now lacks. */
  async reload(): Promise<void> {
    const session = this.session();
    if (session) await this.load(session.id);
  }

  async save(): Promise<void> {
    const session = this.session();
    if (this.saving() || !session) return;
    this.formError.set(null);
    this.bannerFollowsFields = false;
    clearServerProblems(this.form);
    const value = this.form.getRawValue() as DocumentationFormValue;
    const local = documentationProblems(session, value, new Date());
    if (local.length) {
      this.showProblems(local, 'Some fields need attention; see the marked fields.');
      return;
    }
    this.saving.set(true);
    try {
      await firstValueFrom(
        this.api.updateSession(session.id, session.version, documentationBody(session, value)),
      );
      await this.router.navigateByUrl(this.patientLink());
    } catch (error) {
      if (errorCode(error) === 'version_conflict') {
        this.conflict.set(true);
        this.focusLater('#conflict-heading');
        return;
      }
      const problems = fieldProblems(error).map(({ field, problem }) => ({
        field: documentationControlPath(field, session, value) ?? field,
        problem,
      }));
      if (problems.length) this.showProblems(problems, errorMessage(error));
      else {
        this.formError.set(errorMessage(error));
        this.banner()?.focus();
      }
    } finally {
      this.saving.set(false);
    }
  }

  private showProblems(problems: FieldProblem[], fallback: string): void {
    // 'form' names the whole documentation: said in the banner, in the server's own words.
    const pathOf = (field: string) => (field === 'form' ? null : field);
    const formText = ({ field, problem }: FieldProblem) =>
      field === 'form' ? sentence(problem) + '.' : `${sentence(field)} ${problem}.`;
    const { message, first } = placeProblems(this.form, problems, pathOf, fallback, formText);
    this.formError.set(message);
    const placed = problems
      .map((p) => pathOf(p.field))
      .filter((path): path is string => !!path && !!this.form.get(path));
    this.bannerFollowsFields = placed.length === problems.length;
    // A selector list matches in page order: focus goes to the first marked field on the page.
    if (first) this.focusLater(placed.map((path) => `[data-path="${path}"]`).join(', '));
    else this.banner()?.focus();
  }

  private dropFixedBanner(): void {
    if (this.bannerFollowsFields && this.formError() && !hasServerProblem(this.form)) {
      this.bannerFollowsFields = false;
      this.formError.set(null);
    }
  }

  private async load(sessionId: string): Promise<void> {
    this.loadError.set(null);
    try {
      const session = await firstValueFrom(this.api.session(sessionId));
      if (!session.dosing) {
        this.loadError.set(
          'Only a dosing session has documentation to complete. Go back to the patient to see this session.',
        );
        return;
      }
      this.session.set(session);
      this.conflict.set(false);
      this.formError.set(null);
      this.reset(startingValue(session));
    } catch (error) {
      this.loadError.set(errorMessage(error));
    }
  }

  private reset(value: DocumentationFormValue): void {
    this.readings.clear();
    for (const row of value.readings) this.readings.push(vitalsReadingGroup(this.fb, row));
    this.adverseEvents.clear();
    this.form.controls.adverseAnswer.setValue(value.adverseAnswer);
  }
}
