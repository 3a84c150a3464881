import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
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
  ELIGIBILITIES,
  MONITORING_STATUSES,
  PRESCRIPTION_STATUSES,
  type AdministrationRoute,
  type CreateMedicalStatusRequest,
  type Eligibility,
  type MedicalStatusSource,
  type MonitoringStatus,
  type Prescription,
  type PrescriptionStatus,
} from '@kap/shared/contracts';
import { isCalendarDate } from '@kap/shared/domain';
import { errorMessage } from '@kap/web/core';
import { CreationIntent } from '@kap/web/core/creation-intent';
import { clinicCalendar } from '@kap/web/core/calendar';
import { DATE_DOES_NOT_EXIST, ErrorBanner, TypedDateCheck } from '@kap/web/ui';
import { PatientStore } from '../data-access/patient-store';
import { controlError, focusFirstInvalid, placeFieldProblems } from '../display/form-errors';
import {
  ELIGIBILITY_LABELS,
  MONITORING_LABELS,
  PRESCRIPTION_LABELS,
  ROUTE_LABELS,
} from '../display/patient-labels';

const FIELD_ORDER = [
  'asOf',
  'eligibility',
  'prescriptionStatus',
  'dosesAuthorized',
  'route',
  'nextFollowUpDue',
  'monitoring',
  'note',
] as const;
type StatusField = (typeof FIELD_ORDER)[number];

const API_FIELDS: Record<string, StatusField> = {
  prescription: 'prescriptionStatus',
  'prescription.status': 'prescriptionStatus',
  'prescription.dosesAuthorized': 'dosesAuthorized',
  'prescription.route': 'route',
};

export const EMPTY_STATUS_MESSAGE =
  'Fill in at least one of eligibility, prescription, next follow-up, monitoring or note.';

const calendarDate: ValidatorFn = (control) =>
  !control.value || isCalendarDate(control.value) ? null : { calendarDate: true };

const wholeDoses: ValidatorFn = (control) => {
  const text = String(control.value ?? '').trim();
  if (text === '') return null;
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 && value <= 100 ? null : { doses: true };
};

/** `2026-11-25T14:05` on the clinic's clock (the organization's zone, not the browser's), for a datetime-local input. */
function clinicDateTime(date: Date): string {
  return clinicCalendar.inputValue(date);
}

/** A datetime-local value that names no real time on the clinic's clock ('2026-02-30T10:00'). */
const clinicTime: ValidatorFn = (control) =>
  !control.value || !Number.isNaN(clinicCalendar.instantOfInput(control.value)) ? null : { clinicTime: true };

/**
 * A new medical-status entry. The medical team records its own status; the therapist copies
 * ("mirrors") what the team's portal shows, with the time the portal shows it for.
 */
@Component({
  selector: 'kap-medical-status-form',
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
  templateUrl: './medical-status-form.html',
  styleUrl: './patient-sections.scss',
})
export class MedicalStatusForm {
  readonly mode = input.required<MedicalStatusSource>();

  private readonly store = inject(PatientStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild(ErrorBanner);
  private readonly intent = new CreationIntent();

  protected readonly heading = computed(() =>
    this.mode() === 'medical_team' ? 'Record the medical status' : "Mirror what the team's portal shows",
  );
  protected readonly teamName = computed(
    () => this.store.patient()?.careTeam?.medicalTeamName ?? 'the medical team',
  );
  protected readonly eligibilities = ELIGIBILITIES;
  protected readonly prescriptionStatuses = PRESCRIPTION_STATUSES;
  protected readonly routes = ADMINISTRATION_ROUTES;
  protected readonly monitoringStatuses = MONITORING_STATUSES;
  protected readonly eligibilityLabels = ELIGIBILITY_LABELS;
  protected readonly prescriptionLabels = PRESCRIPTION_LABELS;
  protected readonly routeLabels = ROUTE_LABELS;
  protected readonly monitoringLabels = MONITORING_LABELS;
  protected readonly asOfZone = clinicCalendar.fieldHint();

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    asOf: [clinicDateTime(new Date()), [Validators.required, clinicTime]],
    eligibility: ['' as Eligibility | ''],
    prescriptionStatus: ['' as PrescriptionStatus | ''],
    dosesAuthorized: ['', [wholeDoses]],
    route: ['' as AdministrationRoute | ''],
    nextFollowUpDue: ['', [calendarDate]],
    monitoring: ['' as MonitoringStatus | ''],
    note: ['', [Validators.maxLength(2000)]],
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly formStatus = signal('');

  async save(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    this.formStatus.set('');
    const v = this.form.getRawValue();
    if ((v.dosesAuthorized.trim() || v.route) && !v.prescriptionStatus) {
      this.form.controls.prescriptionStatus.setErrors({ needed: true });
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
      return;
    }
    const body = this.body();
    if (Object.keys(body).length === 1) {
      this.formError.set(EMPTY_STATUS_MESSAGE);
      this.banner()?.focus();
      return;
    }
    this.saving.set(true);
    try {
      await this.store.recordStatus(body, this.intent.keyFor(body));
      this.intent.settle();
      this.form.reset({ asOf: clinicDateTime(new Date()) });
      this.formStatus.set(
        this.mode() === 'medical_team'
          ? 'The medical status was recorded.'
          : "The status was recorded as mirrored from the team's portal.",
      );
    } catch (error) {
      this.intent.settle(error);
      const unplaced = placeFieldProblems(this.form, error, API_FIELDS);
      if (this.form.invalid) {
        if (unplaced.length) this.formError.set(unplaced.join(' '));
        focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
      } else {
        this.formError.set(errorMessage(error));
        this.banner()?.focus();
      }
    } finally {
      this.saving.set(false);
    }
  }

  protected error(field: StatusField): string {
    return controlError(this.form.get(field), {
      dateDoesNotExist: DATE_DOES_NOT_EXIST,
      required: 'Enter the date and time the status is from.',
      clinicTime: 'Enter the date and time the status is from.',
      calendarDate: 'Enter a real date.',
      doses: 'Enter a whole number from 0 to 100.',
      needed: 'Choose the prescription status for the doses or route.',
      maxlength: 'Keep the note under 2,000 characters.',
    });
  }

  private body(): CreateMedicalStatusRequest {
    const v = this.form.getRawValue();
    const body: CreateMedicalStatusRequest = {
      asOf: new Date(clinicCalendar.instantOfInput(v.asOf)).toISOString(),
    };
    if (v.eligibility) body.eligibility = v.eligibility;
    if (v.prescriptionStatus) {
      const prescription: Prescription = { status: v.prescriptionStatus };
      if (v.dosesAuthorized.trim()) prescription.dosesAuthorized = Number(v.dosesAuthorized);
      if (v.route) prescription.route = v.route;
      body.prescription = prescription;
    }
    if (v.nextFollowUpDue) body.nextFollowUpDue = v.nextFollowUpDue;
    if (v.monitoring) body.monitoring = v.monitoring;
    if (v.note.trim()) body.note = v.note.trim();
    return body;
  }
}
