import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { VitalsPhase } from '@kap/shared/contracts';
import { PHASE_LABELS } from '../display/session-labels';
import { serverProblemOf } from '../forms/server-problems';

/**
 * One vitals reading (time, blood pressure, heart rate, SpO2) as both session forms ask for it.
 * The page owns the form and places the server's problems on these controls; `path` is where the
 * reading sits in the page's form, so `data-path` stays the address the page focuses on.
 */
@Component({
  selector: 'kap-vitals-reading-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  templateUrl: './vitals-reading-fields.html',
  // The session forms' own look, so a reading looks as it did when the page drew it itself.
  styleUrls: ['../log-session/log-session-page.scss', '../forms/session-form-row.scss'],
})
export class VitalsReadingFields {
  /** The reading's controls: phase, at, systolic, diastolic, heartRate, spo2. */
  readonly reading = input.required<FormGroup>();
  /** Where the reading sits in the page's form, e.g. `vitals.0`. */
  readonly path = input.required<string>();
  readonly describedBy = input<string | null>(null);
  readonly removable = input(false);
  readonly remove = output<void>();

  /** The phase never changes within a reading, so its legend is read once per reading. */
  protected readonly label = computed(
    () => `${PHASE_LABELS[this.reading().getRawValue().phase as VitalsPhase]} reading`,
  );

  /**
   * Each input's id comes from where the reading sits (`vitals.2` → `vitals-2-systolic`), so a
   * page can focus a reading it added. Bound to MatInput's own `id` (never `attr.id`, which the
   * label's `for` does not follow), so labels stay tied when a reading inserted above shifts them.
   */
  protected idOf(name: string): string {
    return `${this.path().replace(/\./g, '-')}-${name}`;
  }

  /** The message under a control: the server's (or the form's) words for it. */
  protected readonly problem = serverProblemOf(this.reading);
}
