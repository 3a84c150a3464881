import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AlertSeverity } from '@kap/shared/contracts';

/** The words on the chip: the colour alone never carries the severity. */
export const SEVERITY_CHIP_LABELS: Readonly<Record<AlertSeverity, string>> = {
  urgent: 'Urgent',
  warning: 'Warning',
  info: 'Information',
};

/**
 * How urgent an alert or a dashboard reason is, as a small labelled chip. One look everywhere
 * (alerts, dashboard, follow-up packet), and black on white with a border on paper.
 */
@Component({
  selector: 'kap-severity-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span [class]="chipClass()">{{ label() }}</span>`,
  styles: `
    :host {
      display: inline-block;
    }
    .chip {
      display: inline-block;
      padding: 0.125rem 0.625rem;
      border-radius: 999px;
      font: var(--mat-sys-label-medium);
      font-weight: 700;
    }
    .chip-urgent {
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
    .chip-warning {
      background: #fdefc3;
      color: #4a3300;
      border: 1px solid #b58100;
    }
    .chip-info {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
    @media print {
      .chip {
        background: #fff !important;
        color: #000 !important;
        border: 1px solid #000;
      }
    }
  `,
})
export class SeverityChip {
  readonly severity = input.required<AlertSeverity>();
  protected readonly label = computed(() => SEVERITY_CHIP_LABELS[this.severity()] ?? this.severity());
  protected readonly chipClass = computed(() => `chip chip-${this.severity()}`);
}
