import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type ValidatorFn } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckbox, MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import {
  CONDITIONS,
  type Condition,
  type CreatePatientRequest,
  type OrganizationMember,
} from '@kap/shared/contracts';
import { ageOn, isCalendarDate } from '@kap/shared/domain';
import { AuthStore, errorCode, errorMessage } from '@kap/web/core';
import { CreationIntent } from '@kap/web/core/creation-intent';
import { DATE_DOES_NOT_EXIST, ErrorBanner, PageHeading, TypedDateCheck } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { PatientsApi } from '../data-access/patients-api';
import { controlError, focusFirstInvalid, placeFieldProblems } from '../display/form-errors';
import { CONDITION_LABELS, TODAY } from '../display/patient-labels';

const FIELD_ORDER = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'confirmMinor',
  'pronouns',
  'email',
  'phone',
  'conditions',
  'externalRef',
  'primaryTherapistId',
] as const;

/**
 * A patient younger than this is added only once someone confirms the date of birth: the API
 * accepts minors, and a mistyped year (2010 for 2001) should not pass unnoticed.
 */
export const ADULT_AGE = 18;

const calendarDate: ValidatorFn = (control) =>
  !control.value || isCalendarDate(control.value) ? null : { calendarDate: true };

/** The date picker's `max` only limits the picker: a typed year can still be in the future. */
const notAfter =
  (today: string): ValidatorFn =>
  (control) =>
    isCalendarDate(control.value) && control.value > today ? { future: true } : null;

function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The therapist (or practice admin) adds a patient; the API makes the therapist primary. */
@Component({
  selector: 'kap-new-patient-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    PageHeading,
    ErrorBanner,
    TypedDateCheck,
  ],
  templateUrl: './new-patient-page.html',
  styleUrl: './new-patient-page.scss',
})
export class NewPatientPage {
  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild.required(ErrorBanner);
  private readonly minorCheckbox = viewChild('minorCheckbox', { read: MatCheckbox });
  private readonly intent = new CreationIntent();

  protected readonly conditions = CONDITIONS;
  protected readonly conditionLabels = CONDITION_LABELS;
  protected readonly today = inject(TODAY)();
  /** A practice admin creates patients for one of the practice's therapists. */
  protected readonly isAdmin = computed(() => this.auth.user()?.role === 'practice_admin');
  protected readonly therapists = signal<OrganizationMember[]>([]);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    givenName: ['', [Validators.required, Validators.maxLength(100)]],
    familyName: ['', [Validators.required, Validators.maxLength(100)]],
    preferredName: ['', [Validators.maxLength(100)]],
    dateOfBirth: ['', [Validators.required, calendarDate, notAfter(this.today)]],
    /** Required (checked) only while the date of birth makes the patient a minor. */
    confirmMinor: [false],
    pronouns: ['', [Validators.maxLength(40)]],
    email: ['', [Validators.email]],
    phone: ['', [Validators.pattern(/^[0-9+()./\s-]{3,40}$/)]],
    conditions: this.fb.group(
      Object.fromEntries(CONDITIONS.map((condition) => [condition, false])) as Record<Condition, boolean>,
    ),
    externalRef: ['', [Validators.maxLength(100)]],
    primaryTherapistId: [''],
  });
  protected readonly formError = signal<string | null>(null);
  protected readonly saving = signal(false);
  /** The patient's age when the date of birth makes them younger than 18; null otherwise. */
  protected readonly minorAge = signal<number | null>(null);

  constructor() {
    this.form.controls.dateOfBirth.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((dateOfBirth) => this.checkAge(dateOfBirth));
    if (this.isAdmin()) {
      this.form.controls.primaryTherapistId.addValidators(Validators.required);
      void this.loadTherapists();
    }
  }

  async save(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstProblem();
      return;
    }
    const body = this.body();
    this.saving.set(true);
    try {
      const patient = await firstValueFrom(this.api.create(body, this.intent.keyFor(body)));
      this.intent.settle();
      await this.router.navigate(['/patients', patient.id]);
    } catch (error) {
      this.intent.settle(error);
      this.showError(error);
    } finally {
      this.saving.set(false);
    }
  }

  protected error(field: (typeof FIELD_ORDER)[number]): string {
    // An unreadable typed date is also empty to the form: say what is wrong with it first.
    return controlError(this.form.get(field), {
      dateDoesNotExist: DATE_DOES_NOT_EXIST,
      required:
        {
          givenName: 'Enter the given name.',
          familyName: 'Enter the family name.',
          dateOfBirth: 'Enter the date of birth.',
          // Validators.requiredTrue reports `required` too.
          confirmMinor: 'Confirm that the patient is under 18, or correct the date of birth.',
          primaryTherapistId: 'Choose the primary therapist.',
        }[field as string] ?? 'Required.',
      calendarDate: 'Enter a real date.',
      future: 'A date of birth cannot be in the future.',
      email: 'Enter a valid email address, like name@example.com.',
      pattern: 'Use digits, spaces, +, - and parentheses only.',
      maxlength: 'This is too long.',
    });
  }

  /**
   * A date of birth that makes the patient a minor asks for a confirmation, cleared whenever the
   * age it confirms changes.
   */
  private checkAge(dateOfBirth: string): void {
    const age =
      isCalendarDate(dateOfBirth) && dateOfBirth <= this.today ? ageOn(dateOfBirth, this.today) : null;
    const minorAge = age !== null && age < ADULT_AGE ? age : null;
    if (minorAge === this.minorAge()) return;
    this.minorAge.set(minorAge);
    const confirm = this.form.controls.confirmMinor;
    confirm.setValidators(minorAge === null ? [] : [Validators.requiredTrue]);
    confirm.reset(false);
  }

  /** The minor's confirmation is a Material checkbox, whose host element takes no focus itself. */
  private focusFirstProblem(): void {
    const first = FIELD_ORDER.find((field) => this.form.get(field)?.invalid);
    if (first === 'confirmMinor') this.minorCheckbox()?.focus();
    else focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
  }

  private body(): CreatePatientRequest {
    const value = this.form.getRawValue();
    const body: CreatePatientRequest = {
      givenName: value.givenName.trim(),
      familyName: value.familyName.trim(),
      dateOfBirth: value.dateOfBirth,
      conditions: CONDITIONS.filter((condition) => value.conditions[condition]),
    };
    const optionalFields = ['preferredName', 'pronouns', 'email', 'phone', 'externalRef'] as const;
    for (const field of optionalFields) {
      const text = optional(value[field]);
      if (text !== undefined) body[field] = text;
    }
    if (this.isAdmin() && value.primaryTherapistId) body.primaryTherapistId = value.primaryTherapistId;
    return body;
  }

  private showError(error: unknown): void {
    const unplaced = placeFieldProblems(this.form, error);
    if (this.form.invalid) {
      if (unplaced.length) this.formError.set(unplaced.join(' '));
      this.focusFirstProblem();
      return;
    }
    this.formError.set(
      errorCode(error) === 'forbidden' ? 'Your role may not add patients.' : errorMessage(error),
    );
    this.banner().focus();
  }

  private async loadTherapists(): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.practiceMembers());
      this.therapists.set(page.items.filter((member) => member.role === 'therapist' && member.active));
    } catch (error) {
      this.formError.set(`The list of therapists could not be loaded. ${errorMessage(error)}`);
    }
  }
}
