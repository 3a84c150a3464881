import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { SAFETY_COPY } from './outcome-labels';

/**
 * The safety copy (docs/requirements.md "Safety copy"), with an optional lead sentence saying what triggered it.
 * Drawn as a bordered box with a heading-like first line, so it stands out from form text without
 * relying on colour alone.
 */
@Component({
  selector: 'kap-safety-notice',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (lead()) {
      <p class="lead">{{ lead() }}</p>
    }
    <p class="copy">{{ copy }}</p>
  `,
  styles: `
    :host {
      display: block;
      padding: 0.75rem 1rem;
      border-radius: 8px;
      border: 1px solid var(--mat-sys-error);
      border-inline-start-width: 6px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    p {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .lead {
      margin-block-end: 0.25rem;
      font-weight: 700;
    }
  `,
})
export class SafetyNotice {
  readonly lead = input<string | null>(null);
  protected readonly copy = SAFETY_COPY;
}
