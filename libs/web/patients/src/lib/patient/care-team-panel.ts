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
import type { MedicalTeam, ReplaceCareTeamRequest } from '@kap/shared/contracts';
import { addDays, isCalendarDate } from '@kap/shared/domain';
import { AuthStore, errorMessage } from '@kap/web/core';
import { DATE_DOES_NOT_EXIST, ErrorBanner, TypedDateCheck } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { PatientsApi } from '../data-access/patients-api';
import { PatientStore } from '../data-access/patient-store';
import { controlError, focusFirstInvalid, placeFieldProblems } from '../display/form-errors';
import { formatDate, TODAY } from '../display/patient-labels';
import { releaseNotice } from '../display/status-view';

const FIELD_ORDER = ['medicalTeamId', 'signedOn', 'expiresOn', 'scope'] as const;
const API_FIELDS = {
  'releaseOfInformation.signedOn': 'signedOn',
  'releaseOfInformation.expiresOn': 'expiresOn',
  'releaseOfInformation.scope': 'scope',
  releaseOfInformation: 'expiresOn',
};

const calendarDate: ValidatorFn = (control) =>
  !control.value || isCalendarDate(control.value) ? null : { calendarDate: true };

/** A release cannot end before it starts; checked here so the person hears it at once. */
const endsAfterStart: ValidatorFn = (group) => {
  const signedOn = group.get('signedOn')?.value as string;
  const expires = group.get('expiresOn');
  if (!expires || !signedOn || !expires.value || expires.value >= signedOn) {
    if (expires?.hasError('beforeStart')) {
      const rest = Object.entries(expires.errors ?? {}).filter(([code]) => code !== 'beforeStart');
      expires.setErrors(rest.length ? Object.fromEntries(rest) : null);
    }
    return null;
  }
  expires.setErrors({ ...(expires.errors ?? {}), beforeStart: true });
  return null;
};

/** The patient's medical team and release of information: what is shared, until when, and how to renew. */
@Component({
  selector: 'kap-care-team-panel',
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
  templateUrl: './care-team-panel.html',
  styleUrl: './patient-sections.scss',
})
export class CareTeamPanel {
  private readonly store = inject(PatientStore);
  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild(ErrorBanner);
  private readonly today = inject(TODAY)();

  protected readonly careTeam = computed(() => this.store.patient()?.careTeam ?? null);
  protected readonly notice = computed(() => releaseNotice(this.careTeam()));
  protected readonly sharingText = computed(() => {
    const careTeam = this.careTeam();
    return careTeam
      ? `Shared with ${careTeam.medicalTeamName} under a valid release of information until ${formatDate(careTeam.releaseOfInformation.expiresOn)}.`
      : '';
  });
  protected readonly canEdit = computed(() => {
    const role = this.auth.user()?.role;
    return role === 'therapist' || role === 'practice_admin';
  });
  protected readonly teams = signal<MedicalTeam[]>([]);
  protected readonly editing = signal(false);
  protected readonly showForm = computed(() => this.canEdit() && (this.editing() || !this.careTeam()));
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly saved = signal('');
  protected readonly formatDate = formatDate;

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group(
    {
      medicalTeamId: ['', [Validators.required]],
      signedOn: [this.today, [Validators.required, calendarDate]],
      expiresOn: [addDays(this.today, 365), [Validators.required, calendarDate]],
      scope: ['', [Validators.maxLength(500)]],
    },
    { validators: endsAfterStart },
  );

  constructor() {
    if (this.canEdit()) void this.loadTeams();
  }

  protected startEditing(): void {
    const current = this.careTeam();
    if (current) {
      this.form.reset({
        medicalTeamId: current.medicalTeamId,
        signedOn: this.today,
        expiresOn: addDays(this.today, 365),
        scope: current.releaseOfInformation.scope ?? '',
      });
    }
    this.saved.set('');
    this.editing.set(true);
    setTimeout(() =>
      this.host.nativeElement.querySelector<HTMLElement>('[formcontrolname="medicalTeamId"]')?.focus(),
    );
  }

  protected cancel(): void {
    this.editing.set(false);
    this.formError.set(null);
  }

  async save(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    this.saved.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement, this.form, FIELD_ORDER);
      return;
    }
    const value = this.form.getRawValue();
    const body: ReplaceCareTeamRequest = {
      medicalTeamId: value.medicalTeamId,
      releaseOfInformation: { signedOn: value.signedOn, expiresOn: value.expiresOn },
    };
    if (value.scope.trim()) body.releaseOfInformation.scope = value.scope.trim();
    this.saving.set(true);
    try {
      const careTeam = await this.store.replaceCareTeam(body);
      this.editing.set(false);
      this.saved.set(
        careTeam.sharing
          ? `${careTeam.medicalTeamName} is linked. The release of information is valid until ${formatDate(careTeam.releaseOfInformation.expiresOn)}.`
          : `${careTeam.medicalTeamName} is linked, but the release of information is not valid today, so nothing is shared.`,
      );
    } catch (error) {
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

  protected error(field: (typeof FIELD_ORDER)[number]): string {
    return controlError(this.form.get(field), {
      dateDoesNotExist: DATE_DOES_NOT_EXIST,
      required: field === 'medicalTeamId' ? 'Choose the medical team.' : 'Enter the date.',
      calendarDate: 'Enter a real date.',
      beforeStart: 'The release must end on or after the day it was signed.',
      maxlength: 'Keep the scope under 500 characters.',
    });
  }

  private async loadTeams(): Promise<void> {
    try {
      const page = await firstValueFrom(this.api.medicalTeams());
      this.teams.set(page.items);
    } catch (error) {
      this.formError.set(`The list of medical teams could not be loaded. ${errorMessage(error)}`);
    }
  }
}
