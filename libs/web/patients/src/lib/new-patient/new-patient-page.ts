import { ChangeDetectionStrategy, Component, computed, ElementRef, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type ValidatorFn } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { CONDITIONS, type Condition, type CreatePatientRequest, type OrganizationMember } from '@kap/shared/contracts';
import { isCalendarDate } from '@kap/shared/domain';
import { AuthStore, errorCode, errorMessage } from '@kap/web/core';
import { ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { CreationIntent } from '../data-access/creation-intent';
import { PatientsApi } from '../data-access/patients-api';
import { controlError, focusFirstInvalid, placeFieldProblems } from '../display/form-errors';
import { CONDITION_LABELS, TODAY } from '../display/patient-labels';

const FIELD_ORDER = [
  'givenName',
  'familyName',
  'preferredName',
  'dateOfBirth',
  'pronouns',
  'email',
  'phone',
  'conditions',
  'externalRef',
  'primaryTherapistId',
] as const;

const calendarDate: ValidatorFn = (control) =>
  !control.value || isCalendarDate(control.value) ? null : { calendarDate: true };

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
    dateOfBirth: ['', [Validators.required, calendarDate]],
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

  constructor() {
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
      focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
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
    return controlError(this.form.get(field), {
      required: {
        givenName: 'Enter the given name.',
        familyName: 'Enter the family name.',
        dateOfBirth: 'Enter the date of birth.',
        primaryTherapistId: 'Choose the primary therapist.',
      }[field as string] ?? 'Required.',
      calendarDate: 'Enter a real date.',
      email: 'Enter a valid email address, like name@example.com.',
      pattern: 'Use digits, spaces, +, - and parentheses only.',
      maxlength: 'This is too long.',
    });
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
      focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
      return;
    }
    this.formError.set(errorCode(error) === 'forbidden' ? 'Your role may not add patients.' : errorMessage(error));
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
