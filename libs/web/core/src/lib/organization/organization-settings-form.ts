import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChildren } from '@angular/core';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UpdateOrganizationRequest } from '@kap/shared/contracts';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { errorMessage, fieldProblems } from '../errors/error-message';
import { setClinicTimeZone } from './clinic-calendar-settings';
import { OrganizationApi } from './organization-api';

type SettingsField = keyof Required<UpdateOrganizationRequest>;
const SETTINGS_FIELDS: readonly SettingsField[] = ['timeZone', 'escalateAfterHours'];

/** The zones offered while typing: the browser's IANA list (UTC first, which it may omit). */
export function timeZoneChoices(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}

function wholeNumber(control: AbstractControl<number | null>): ValidationErrors | null {
  return control.value === null || Number.isInteger(control.value) ? null : { wholeNumber: true };
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The admin's organization settings: the time zone whose calendar dates every rule counts in
 * ("integration due", "follow-up due", the baseline's course start) and the hours before an
 * unacknowledged urgent alert escalates. The server judges the zone name; its answer shows at
 * the field.
 */
@Component({
  selector: 'kap-organization-settings-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, ErrorBanner],
  templateUrl: './organization-settings-form.html',
  styleUrl: './organization-settings-form.scss',
})
export class OrganizationSettingsForm {
  private readonly api = inject(OrganizationApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banners = viewChildren(ErrorBanner);

  protected readonly timeZones = timeZoneChoices();
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly formError = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly saving = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    timeZone: ['', [Validators.required]],
    escalateAfterHours: [
      4 as number | null,
      [Validators.required, Validators.min(1), Validators.max(168), wholeNumber],
    ],
  });

  constructor() {
    void this.load();
  }

  async save(): Promise<void> {
    if (this.saving()) return;
    this.formError.set(null);
    this.status.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalidField();
      return;
    }
    const { timeZone, escalateAfterHours } = this.form.getRawValue();
    this.saving.set(true);
    try {
      const saved = await firstValueFrom(
        this.api.update({ timeZone: timeZone.trim(), escalateAfterHours: Number(escalateAfterHours) }),
      );
      this.form.setValue({ timeZone: saved.timeZone, escalateAfterHours: saved.escalateAfterHours });
      // The admin's own organization: every date from now on is written in its new zone.
      setClinicTimeZone(saved.timeZone);
      this.status.set(
        `Saved: dates follow ${saved.timeZone}; urgent alerts escalate after ${saved.escalateAfterHours} hours.`,
      );
    } catch (error) {
      this.showSaveError(error);
    } finally {
      this.saving.set(false);
    }
  }

  protected fieldError(field: SettingsField): string {
    const control = this.form.controls[field];
    const server = control.getError('server') as string | undefined;
    if (server) return server;
    if (field === 'timeZone')
      return control.hasError('required') ? 'Enter a time zone, such as America/New_York.' : '';
    if (control.hasError('required')) return 'Enter a number of hours.';
    if (control.invalid) return 'Use a whole number of hours from 1 to 168.';
    return '';
  }

  private async load(): Promise<void> {
    try {
      const settings = await firstValueFrom(this.api.get());
      this.form.setValue({ timeZone: settings.timeZone, escalateAfterHours: settings.escalateAfterHours });
    } catch (error) {
      this.loadError.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  private showSaveError(error: unknown): void {
    const unplaced: string[] = [];
    for (const { field, problem } of fieldProblems(error)) {
      if (SETTINGS_FIELDS.includes(field as SettingsField)) {
        const control = this.form.controls[field as SettingsField];
        control.setErrors({ server: sentence(problem) });
        control.markAsTouched();
      } else {
        unplaced.push(sentence(problem));
      }
    }
    if (this.form.invalid) {
      if (unplaced.length) this.formError.set(unplaced.join(' '));
      this.focusFirstInvalidField();
      return;
    }
    this.formError.set(errorMessage(error));
    this.banners().at(-1)?.focus();
  }

  private focusFirstInvalidField(): void {
    const field = SETTINGS_FIELDS.find((name) => this.form.controls[name].invalid);
    if (field)
      this.host.nativeElement.querySelector<HTMLElement>(`form [formcontrolname="${field}"]`)?.focus();
  }
}
