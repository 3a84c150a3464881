import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type ValidatorFn } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  ADMINISTRATION_ROUTES,
  CONDITIONS,
  COURSE_PHASES,
  type AdministrationRoute,
  type Condition,
  type Course,
  type CoursePhase,
  type CreateCourseRequest,
  type DosePlan,
  type VitalsLimits,
} from '@kap/shared/contracts';
import { isCalendarDate, vitalsLimitsProblems, vitalsLimitsText } from '@kap/shared/domain';
import { AuthStore, errorMessage } from '@kap/web/core';
import { CreationIntent } from '@kap/web/core/creation-intent';
import { DATE_DOES_NOT_EXIST, ErrorBanner, TypedDateCheck } from '@kap/web/ui';
import { COURSE_CONFLICT_MESSAGE, PatientStore } from '../data-access/patient-store';
import { controlError, focusFirstInvalid, placeFieldProblems } from '../display/form-errors';
import { CONDITION_LABELS, formatDate, PHASE_LABELS, ROUTE_LABELS, TODAY } from '../display/patient-labels';

const FIELD_ORDER = [
  'indication',
  'startedOn',
  'plannedDosingSessions',
  'route',
  'doseMgMin',
  'doseMgMax',
  'maxDosingSessionsPerWeek',
  'systolicMin',
  'systolicMax',
  'diastolicMin',
  'diastolicMax',
  'heartRateMin',
  'heartRateMax',
  'spo2Min',
] as const;
type CourseField = (typeof FIELD_ORDER)[number];

const API_FIELDS: Record<string, CourseField> = {
  'dosePlan.route': 'route',
  'dosePlan.doseMgMin': 'doseMgMin',
  'dosePlan.doseMgMax': 'doseMgMax',
  'dosePlan.maxDosingSessionsPerWeek': 'maxDosingSessionsPerWeek',
  'vitalsLimits.systolicMax': 'systolicMax',
  'vitalsLimits.diastolicMax': 'diastolicMax',
  'vitalsLimits.heartRateMax': 'heartRateMax',
  'vitalsLimits.systolicMin': 'systolicMin',
  'vitalsLimits.diastolicMin': 'diastolicMin',
  'vitalsLimits.heartRateMin': 'heartRateMin',
  'vitalsLimits.spo2Min': 'spo2Min',
};

/** The limit fields, in the API's names: each is copied from the prescriber's order as it stands. */
const LIMIT_FIELDS = [
  'systolicMin',
  'systolicMax',
  'diastolicMin',
  'diastolicMax',
  'heartRateMin',
  'heartRateMax',
  'spo2Min',
] as const;

const calendarDate: ValidatorFn = (control) =>
  !control.value || isCalendarDate(control.value) ? null : { calendarDate: true };

/** A number field kept as text, so an empty one means "not ordered" rather than 0. */
function numberField(min: number, max: number, integer = true): ValidatorFn {
  return (control) => {
    const text = String(control.value ?? '').trim();
    if (text === '') return null;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      return { range: { min, max, integer } };
    }
    return null;
  };
}

function numberOrUndefined(text: string): number | undefined {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The KAP course: its phase, and the prescriber's dose plan and vitals limits as ordered. */
@Component({
  selector: 'kap-course-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ErrorBanner,
    TypedDateCheck,
  ],
  templateUrl: './course-section.html',
  styleUrl: './patient-sections.scss',
})
export class CourseSection {
  private readonly store = inject(PatientStore);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banners = viewChild<ErrorBanner>('formBanner');
  private readonly phaseBanner = viewChild<ErrorBanner>('phaseBanner');
  private readonly intent = new CreationIntent();
  private readonly today = inject(TODAY)();

  protected readonly course = this.store.currentCourse;
  protected readonly pastCourses = computed(() => {
    const current = this.course()?.id;
    return this.store.courses().filter((course) => course.id !== current);
  });
  /** Courses are the therapist's to start and move on (docs/api.md: POST/PATCH by the therapist). */
  protected readonly canEdit = computed(() => this.auth.user()?.role === 'therapist');
  protected readonly conditions = CONDITIONS;
  protected readonly phases = COURSE_PHASES;
  protected readonly routes = ADMINISTRATION_ROUTES;
  protected readonly conditionLabels = CONDITION_LABELS;
  protected readonly phaseLabels = PHASE_LABELS;
  protected readonly routeLabels = ROUTE_LABELS;
  protected readonly formatDate = formatDate;

  /** The phase picked but not yet saved; null shows the course's own (also after a reload). */
  protected readonly chosenPhase = signal<CoursePhase | null>(null);
  protected readonly shownPhase = computed(() => this.chosenPhase() ?? this.course()?.phase ?? null);
  protected readonly phaseSaving = signal(false);
  protected readonly phaseError = signal<string | null>(null);
  protected readonly phaseStatus = signal('');

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    indication: [(this.store.patient()?.conditions[0] ?? '') as Condition | '', [Validators.required]],
    startedOn: [this.today, [Validators.required, calendarDate]],
    plannedDosingSessions: ['', [numberField(1, 100)]],
    route: ['' as AdministrationRoute | ''],
    doseMgMin: ['', [numberField(0, 1000, false)]],
    doseMgMax: ['', [numberField(0, 1000, false)]],
    maxDosingSessionsPerWeek: ['', [numberField(1, 7)]],
    systolicMin: ['', [numberField(60, 300)]],
    systolicMax: ['', [numberField(60, 300)]],
    diastolicMin: ['', [numberField(30, 200)]],
    diastolicMax: ['', [numberField(30, 200)]],
    heartRateMin: ['', [numberField(30, 250)]],
    heartRateMax: ['', [numberField(30, 250)]],
    spo2Min: ['', [numberField(50, 100)]],
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly formStatus = signal('');

  async changePhase(): Promise<void> {
    const course = this.course();
    const phase = this.shownPhase();
    if (!course || !phase || this.phaseSaving()) return;
    this.phaseError.set(null);
    this.phaseStatus.set('');
    if (phase === course.phase) {
      this.phaseStatus.set(`The course is already in ${PHASE_LABELS[phase].toLowerCase()}.`);
      return;
    }
    this.phaseSaving.set(true);
    try {
      const outcome = await this.store.changePhase(course, phase);
      this.chosenPhase.set(null);
      if (outcome === 'conflict') {
        this.phaseError.set(COURSE_CONFLICT_MESSAGE);
        this.phaseBanner()?.focus();
      } else {
        this.phaseStatus.set(`The course moved to ${PHASE_LABELS[phase].toLowerCase()}.`);
      }
    } catch (error) {
      this.phaseError.set(errorMessage(error));
      this.phaseBanner()?.focus();
    } finally {
      this.phaseSaving.set(false);
    }
  }

  async startCourse(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    this.formStatus.set('');
    this.checkPlan();
    this.checkLimits();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
      return;
    }
    const body = this.body();
    this.saving.set(true);
    try {
      await this.store.startCourse(body, this.intent.keyFor(body));
      this.intent.settle();
      this.formStatus.set('The course was started.');
    } catch (error) {
      this.intent.settle(error);
      const unplaced = placeFieldProblems(this.form, error, API_FIELDS);
      if (this.form.invalid) {
        if (unplaced.length) this.formError.set(unplaced.join(' '));
        focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
      } else {
        this.formError.set(errorMessage(error));
        this.banners()?.focus();
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected error(field: CourseField): string {
    const range = this.form.get(field)?.getError('range') as
      | { min: number; max: number; integer: boolean }
      | undefined;
    return controlError(this.form.get(field), {
      dateDoesNotExist: DATE_DOES_NOT_EXIST,
      required:
        field === 'indication'
          ? 'Choose what the course treats.'
          : field === 'route'
            ? 'Choose the route the prescriber ordered.'
            : 'Enter the date.',
      calendarDate: 'Enter a real date.',
      range: range
        ? `Enter ${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}.`
        : '',
      doseOrder: 'The largest dose must not be smaller than the smallest.',
      limitOrder: (this.form.get(field)?.getError('limitOrder') as string | undefined) ?? '',
    });
  }

  /** "Sublingual, 100–300 mg, at most 1 dosing session a week". */
  protected planText(plan: DosePlan): string {
    const parts = [ROUTE_LABELS[plan.route]];
    if (plan.doseMgMin != null && plan.doseMgMax != null)
      parts.push(`${plan.doseMgMin}–${plan.doseMgMax} mg`);
    else if (plan.doseMgMin != null) parts.push(`from ${plan.doseMgMin} mg`);
    else if (plan.doseMgMax != null) parts.push(`up to ${plan.doseMgMax} mg`);
    else parts.push('dose not stated');
    const perWeek = plan.maxDosingSessionsPerWeek;
    if (perWeek) parts.push(`at most ${perWeek} dosing ${perWeek === 1 ? 'session' : 'sessions'} a week`);
    return parts.join(', ');
  }

  protected pastText(course: Course): string {
    return `${CONDITION_LABELS[course.indication]}, started ${formatDate(course.startedOn)}: ${PHASE_LABELS[course.phase]}`;
  }

  /** "systolic 90–140, diastolic ≤ 90 mmHg, heart rate 50–110/min, SpO2 ≥ 92%", as ordered. */
  protected limits(limits: VitalsLimits): string {
    return vitalsLimitsText(limits) || 'none stated';
  }

  /**
   * A minimum above its maximum cannot be what was ordered: named at the minimum, in the API's
   * words (the shared rule `vitalsLimitsProblems`), before anything is sent.
   */
  private checkLimits(): void {
    const limits = this.limitsBody();
    for (const { field } of vitalsLimitsProblems(limits)) {
      const name = API_FIELDS[field];
      const control = name ? this.form.get(name) : null;
      const max = limits[name?.replace('Min', 'Max') as keyof VitalsLimits];
      if (control?.valid)
        control.setErrors({
          limitOrder: `The minimum must not be above the maximum (${max}); copy the limits as ordered.`,
        });
    }
  }

  /** The limits typed so far (only the valid numbers; empty means not ordered). */
  private limitsBody(): VitalsLimits {
    const v = this.form.getRawValue();
    const limits: VitalsLimits = {};
    for (const name of LIMIT_FIELDS) {
      const value = numberOrUndefined(v[name]);
      if (value !== undefined && this.form.controls[name].valid) limits[name] = value;
    }
    return limits;
  }

  /** A dose plan needs its route once any of its numbers is given; the doses must be in order. */
  private checkPlan(): void {
    const v = this.form.getRawValue();
    const anyPlan = [v.doseMgMin, v.doseMgMax, v.maxDosingSessionsPerWeek].some(
      (x) => String(x).trim() !== '',
    );
    const route = this.form.controls.route;
    if (anyPlan && !v.route) route.setErrors({ required: true });
    const min = numberOrUndefined(v.doseMgMin);
    const max = numberOrUndefined(v.doseMgMax);
    if (min !== undefined && max !== undefined && max < min && this.form.controls.doseMgMax.valid) {
      this.form.controls.doseMgMax.setErrors({ doseOrder: true });
    }
  }

  private body(): CreateCourseRequest {
    const v = this.form.getRawValue();
    const body: CreateCourseRequest = { indication: v.indication as Condition, startedOn: v.startedOn };
    const planned = numberOrUndefined(v.plannedDosingSessions);
    if (planned !== undefined) body.plannedDosingSessions = planned;
    if (v.route) {
      const plan: DosePlan = { route: v.route };
      const min = numberOrUndefined(v.doseMgMin);
      const max = numberOrUndefined(v.doseMgMax);
      const perWeek = numberOrUndefined(v.maxDosingSessionsPerWeek);
      if (min !== undefined) plan.doseMgMin = min;
      if (max !== undefined) plan.doseMgMax = max;
      if (perWeek !== undefined) plan.maxDosingSessionsPerWeek = perWeek;
      body.dosePlan = plan;
    }
    const limits: VitalsLimits = {};
    for (const name of LIMIT_FIELDS) {
      const value = numberOrUndefined(v[name]);
      if (value !== undefined) limits[name] = value;
    }
    if (Object.keys(limits).length) body.vitalsLimits = limits;
    return body;
  }
}
