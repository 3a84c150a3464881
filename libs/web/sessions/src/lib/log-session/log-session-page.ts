import { HttpErrorResponse } from '@angular/common/http';
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
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, RouterLink } from '@angular/router';
import {
  ADMINISTRATION_ROUTES,
  DOSE_LABELS,
  SESSION_KINDS,
  SESSION_SETTINGS,
  type Course,
  type MedicalStatus,
  type Session,
  type SessionKind,
  type VitalsPhase,
} from '@kap/shared/contracts';
import { vitalsLimitsText } from '@kap/shared/domain';
import { errorMessage, fieldProblems, newIdempotencyKey } from '@kap/web/core';
import { clinicCalendar } from '@kap/web/core/calendar';
import { ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { AdverseEventFields } from '../adverse-events/adverse-event-fields';
import { SessionsApi } from '../data-access/sessions-api';
import { focusAfterRender } from '../forms/focus-after-render';
import { doseChecks, doseChecksSentence } from './dose-checks';
import {
  clearServerProblems,
  hasServerProblem,
  placeProblems,
  type FieldProblem,
} from '../forms/server-problems';
import { vitalsReadingGroup } from '../vitals/vitals-reading-group';
import { VitalsReadingFields } from '../vitals/vitals-reading-fields';
import {
  courseOptionLabel,
  DOSE_LABEL_LABELS,
  KIND_LABELS,
  clinicDateTimeValue,
  noteKindAfter,
  NOTE_KIND_LABELS,
  PHASE_LABELS,
  ROUTE_LABELS,
  SETTING_LABELS,
  SEVERITY_LABELS,
  warningViews,
  type WarningView,
} from '../display/session-labels';
import {
  buildSessionBody,
  controlPath,
  currentCourse,
  defaultDuration,
  defaultVitals,
  expectedReadingTime,
  formProblems,
  timeAfter,
  vitalsRow,
  type SessionFormValue,
} from './session-form';

/**
 * Logging a session, built for speed: every field has a sensible default from the course, the
 * tab order follows the page, and Enter saves. After saving, the course rules' warnings are shown
 * with what to do, before anything else.
 */
@Component({
  selector: 'kap-log-session-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageHeading,
    ErrorBanner,
    VitalsReadingFields,
    AdverseEventFields,
  ],
  templateUrl: './log-session-page.html',
  styleUrl: './log-session-page.scss',
})
export class LogSessionPage {
  private readonly api = inject(SessionsApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly banner = viewChild<ErrorBanner>('formBanner');
  private readonly focusLater = focusAfterRender();

  protected readonly patientId = signal('');
  protected readonly patientName = signal<string | null>(null);
  protected readonly courses = signal<Course[]>([]);
  protected readonly loadError = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly saved = signal<Session | null>(null);
  protected readonly warnings = signal<WarningView[]>([]);
  /** The patient's status history and sessions, for the checks before saving; null until loaded (or when they cannot be). */
  private readonly statusHistory = signal<MedicalStatus[] | null>(null);
  private readonly otherSessions = signal<Session[] | null>(null);
  protected readonly checksUnavailable = signal(false);

  protected readonly kinds = SESSION_KINDS;
  protected readonly settings = SESSION_SETTINGS;
  protected readonly routes = ADMINISTRATION_ROUTES;
  protected readonly doseLabels = DOSE_LABELS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly settingLabels = SETTING_LABELS;
  protected readonly routeLabels = ROUTE_LABELS;
  protected readonly doseLabelLabels = DOSE_LABEL_LABELS;
  protected readonly phaseLabels = PHASE_LABELS;
  protected readonly severityLabels = SEVERITY_LABELS;
  protected readonly courseLabel = courseOptionLabel;

  /** The clinic's zone under "Occurred at" when the browser is in another one: the times typed are the clinic's. */
  protected readonly occurredAtHint = clinicCalendar.fieldHint();
  private readonly start = clinicDateTimeValue(new Date());
  protected readonly form = this.fb.group({
    kind: this.fb.control<SessionKind>('preparation'),
    occurredAt: this.fb.control(this.start),
    durationMinutes: this.fb.control<number | null>(defaultDuration('preparation')),
    setting: this.fb.control<SessionFormValue['setting']>('in_person'),
    courseId: this.fb.control(''),
    route: this.fb.control<SessionFormValue['route']>(''),
    doseLabel: this.fb.control<SessionFormValue['doseLabel']>(''),
    doseMg: this.fb.control<number | null>(null),
    boosterMg: this.fb.control<number | null>(null),
    boosterAt: this.fb.control(''),
    vitals: this.fb.array(
      defaultVitals(this.start, defaultDuration('dosing')).map((row) => vitalsReadingGroup(this.fb, row)),
    ),
    chaperoneName: this.fb.control(''),
    checks: this.fb.array<FormGroup>([]),
    adverseAnswer: this.fb.control<SessionFormValue['adverseAnswer']>(''),
    adverseEvents: this.fb.array<FormGroup>([]),
  });
  protected readonly kind = signal<SessionKind>('preparation');
  protected readonly setting = signal<SessionFormValue['setting']>('in_person');
  protected readonly adverseAnswer = signal<SessionFormValue['adverseAnswer']>('');
  protected readonly courseId = signal('');
  protected readonly course = computed(
    () => this.courses().find((course) => course.id === this.courseId()) ?? null,
  );
  protected readonly limits = computed(() => {
    const text = vitalsLimitsText(this.course()?.vitalsLimits);
    return text
      ? `Limits as ordered by the prescriber: ${text}.`
      : 'The prescriber has not set vitals limits for this course.';
  });
  /** The form's values as a signal, so the checks before saving follow every keystroke. */
  private readonly value = signal<SessionFormValue>(this.form.getRawValue() as SessionFormValue);
  /** The warnings saving would bring, by the shared course rules; they never block saving. */
  protected readonly checks = computed(() => {
    const statusHistory = this.statusHistory();
    const sessions = this.otherSessions();
    if (!statusHistory || !sessions) return [];
    return doseChecks(this.value(), { course: this.course(), sessions, statusHistory });
  });
  protected readonly checksText = computed(() => doseChecksSentence(this.checks()));
  protected readonly heading = computed(() => (this.saved() ? 'Session saved' : 'Log a session'));
  protected readonly lead = computed(() => (this.patientName() ? `For ${this.patientName()}.` : undefined));
  protected readonly patientLink = computed(() => `/patients/${this.patientId()}`);
  protected readonly noteLink = computed(() => `/patients/${this.patientId()}/notes/new`);
  protected readonly noteQuery = computed(() => {
    const session = this.saved();
    return session ? { sessionId: session.id, kind: noteKindAfter(session.kind) } : {};
  });
  protected readonly noteLinkText = computed(
    () => `Write the ${NOTE_KIND_LABELS[noteKindAfter(this.saved()?.kind ?? 'dosing')].toLowerCase()}`,
  );
  protected readonly savedText = computed(() => {
    const session = this.saved();
    if (!session) return '';
    const count = session.warnings.length;
    return count
      ? `The session was saved. It breaks ${count === 1 ? 'a course rule' : count + ' course rules'}:`
      : 'The session was saved. It breaks no course rule.';
  });

  /** Same body, same key: a retry after a timeout cannot store the session twice. */
  private pendingSave: { key: string; body: string } | null = null;
  /** Whether the banner only points at marked fields, so it goes once none is marked any more. */
  private bannerFollowsFields = false;

  constructor() {
    const route = inject(ActivatedRoute);
    const subscriptions = [
      route.paramMap.subscribe((map) => {
        const id = map.get('id') ?? '';
        if (id && id !== this.patientId()) {
          this.patientId.set(id);
          void this.load(id);
        }
      }),
      this.form.controls.kind.valueChanges.subscribe((kind) => this.kindChanged(kind)),
      this.form.controls.setting.valueChanges.subscribe((setting) => this.setting.set(setting)),
      this.form.controls.courseId.valueChanges.subscribe((id) => this.courseChanged(id)),
      this.form.controls.adverseAnswer.valueChanges.subscribe((answer) => this.adverseAnswerChanged(answer)),
      this.form.controls.occurredAt.valueChanges.subscribe(() => this.followStart()),
      this.form.controls.durationMinutes.valueChanges.subscribe(() => this.followStart()),
      this.form.valueChanges.subscribe(() => {
        this.value.set(this.form.getRawValue() as SessionFormValue);
        this.dropFixedBanner();
      }),
    ];
    inject(DestroyRef).onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
  }

  protected get vitals(): FormArray<FormGroup> {
    return this.form.controls.vitals as unknown as FormArray<FormGroup>;
  }

  protected get chaperoneChecks(): FormArray<FormGroup> {
    return this.form.controls.checks;
  }

  protected get adverseEvents(): FormArray<FormGroup> {
    return this.form.controls.adverseEvents;
  }

  protected phaseOf(index: number): VitalsPhase {
    return this.vitals.at(index).value.phase as VitalsPhase;
  }

  protected addMidReading(): void {
    const value = this.form.getRawValue();
    const at = expectedReadingTime('mid', value.occurredAt, value.durationMinutes);
    const postIndex = this.vitals.controls.findIndex((group) => group.value.phase === 'post');
    this.vitals.insert(
      postIndex < 0 ? this.vitals.length : postIndex,
      vitalsReadingGroup(this.fb, vitalsRow('mid', at)),
    );
    this.focusLater(`#vitals-${postIndex < 0 ? this.vitals.length - 1 : postIndex}-systolic`);
  }

  protected removeReading(index: number): void {
    this.vitals.removeAt(index);
  }

  protected addCheck(): void {
    this.chaperoneChecks.push(
      this.fb.group({ at: timeAfter(clinicDateTimeValue(new Date()), 0), ok: true, note: '' }),
    );
    this.focusLater(`#check-${this.chaperoneChecks.length - 1}-at`);
  }

  protected removeCheck(index: number): void {
    this.chaperoneChecks.removeAt(index);
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

  protected logAnother(): void {
    this.saved.set(null);
    this.warnings.set([]);
    this.form.controls.occurredAt.setValue(clinicDateTimeValue(new Date()));
    this.focusLater('#session-kind');
  }

  async save(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    this.bannerFollowsFields = false;
    clearServerProblems(this.form);
    const value = this.form.getRawValue() as SessionFormValue;
    const local = formProblems(value, new Date());
    if (local.length) {
      this.showProblems(
        local.map((p) => ({ field: p.field, problem: p.problem })),
        value,
        'Some fields need attention; see the marked fields.',
      );
      return;
    }
    const body = buildSessionBody(value);
    const serialized = JSON.stringify(body);
    if (this.pendingSave?.body !== serialized)
      this.pendingSave = { key: newIdempotencyKey(), body: serialized };
    this.saving.set(true);
    try {
      const session = await firstValueFrom(
        this.api.createSession(this.patientId(), body, this.pendingSave.key),
      );
      this.pendingSave = null;
      this.otherSessions.update((sessions) => (sessions ? [session, ...sessions] : sessions));
      const course = this.courses().find((c) => c.id === session.courseId) ?? null;
      this.warnings.set(
        warningViews(session.warnings, {
          vitalsLimits: course?.vitalsLimits,
          maxDosingSessionsPerWeek: course?.dosePlan?.maxDosingSessionsPerWeek,
        }),
      );
      this.saved.set(session);
      this.resetAfterSave();
      this.focusLater('#saved-heading');
    } catch (error) {
      if (!(error instanceof HttpErrorResponse && error.status === 0)) this.pendingSave = null;
      const problems = fieldProblems(error);
      if (problems.length) this.showProblems(problems, value, errorMessage(error));
      else {
        this.formError.set(errorMessage(error));
        this.banner()?.focus();
      }
    } finally {
      this.saving.set(false);
    }
  }

  /**
   * Every problem under its field at once; focus goes to the first marked field in page order
   * (a selector list matches in document order), whatever order the problems came in.
   */
  private showProblems(problems: FieldProblem[], value: SessionFormValue, fallback: string): void {
    const pathOf = (field: string) => controlPath(field, value);
    const { message, first } = placeProblems(this.form, problems, pathOf, fallback);
    this.formError.set(message);
    const placed = problems
      .map((p) => pathOf(p.field))
      .filter((path): path is string => !!path && !!this.form.get(path));
    // Problems no field shows stay in the banner until the next save; the others go with their fields.
    this.bannerFollowsFields = placed.length === problems.length;
    if (first) this.focusLater(placed.map((path) => `[data-path="${path}"]`).join(', '));
  }

  private dropFixedBanner(): void {
    if (this.bannerFollowsFields && this.formError() && !hasServerProblem(this.form)) {
      this.bannerFollowsFields = false;
      this.formError.set(null);
    }
  }

  /**
   * Vitals times follow the session's start and length, so a session dated after the fact gets
   * readings on its own clock; a time the therapist typed is theirs and stays.
   */
  private followStart(): void {
    const { occurredAt, durationMinutes } = this.form.getRawValue();
    for (const group of this.vitals.controls) {
      const at = group.get('at');
      if (!at || at.dirty) continue;
      const time = expectedReadingTime(group.getRawValue().phase as VitalsPhase, occurredAt, durationMinutes);
      if (time && time !== at.value) at.setValue(time);
    }
  }

  private async load(id: string): Promise<void> {
    try {
      const [patient, courses] = await Promise.all([
        firstValueFrom(this.api.patient(id)),
        firstValueFrom(this.api.courses(id)),
      ]);
      this.patientName.set(`${patient.preferredName ?? patient.givenName} ${patient.familyName}`);
      this.courses.set(courses.items);
      const current = currentCourse(courses.items);
      if (current) this.form.controls.courseId.setValue(current.id);
    } catch (error) {
      this.loadError.set(errorMessage(error));
    }
    await this.loadCheckData(id);
  }

  /**
   * What the checks before saving need besides the course. Without it the page says so and the
   * server still checks the dose when it is saved.
   */
  private async loadCheckData(id: string): Promise<void> {
    try {
      const [status, sessions] = await Promise.all([
        firstValueFrom(this.api.medicalStatus(id)),
        firstValueFrom(this.api.sessions(id)),
      ]);
      this.statusHistory.set(status.history);
      this.otherSessions.set(sessions.items);
    } catch {
      this.checksUnavailable.set(true);
    }
  }

  private kindChanged(kind: SessionKind): void {
    this.kind.set(kind);
    const duration = this.form.controls.durationMinutes;
    if (!duration.dirty) duration.setValue(defaultDuration(kind));
    if (kind === 'dosing' && !this.vitals.dirty) {
      this.vitals.clear();
      const value = this.form.getRawValue();
      for (const row of defaultVitals(value.occurredAt, value.durationMinutes ?? defaultDuration('dosing')))
        this.vitals.push(vitalsReadingGroup(this.fb, row));
    }
  }

  private courseChanged(id: string): void {
    this.courseId.set(id);
    const route = this.form.controls.route;
    const planned = this.courses().find((course) => course.id === id)?.dosePlan?.route;
    if (planned && !route.dirty) route.setValue(planned);
  }

  private adverseAnswerChanged(answer: SessionFormValue['adverseAnswer']): void {
    this.adverseAnswer.set(answer);
    if (answer === 'some' && this.adverseEvents.length === 0) this.addAdverseEvent();
  }

  private resetAfterSave(): void {
    const kind = this.form.controls.kind.value;
    this.form.reset({
      kind,
      courseId: this.courseId(),
      setting: this.setting(),
      route: this.course()?.dosePlan?.route ?? '',
    });
    this.chaperoneChecks.clear();
    this.adverseEvents.clear();
    this.vitals.clear();
    const value = this.form.getRawValue();
    for (const row of defaultVitals(value.occurredAt, value.durationMinutes ?? 120))
      this.vitals.push(vitalsReadingGroup(this.fb, row));
  }
}
