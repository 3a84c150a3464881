import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { SeverityChip } from '@kap/web/ui';
import { formatDateTime } from '../display/outcome-labels';
import type { AlertView } from './alert-view';

/**
 * What an alert says, as the inbox rows show it: severity (and "Escalated"), its kind and the
 * sentence to act on, the patient and the source to look at, and where each side stands.
 */
@Component({
  selector: 'kap-alert-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, SeverityChip],
  template: `
    @let v = view();
    <p class="labels">
      <kap-severity-chip [severity]="v.alert.severity" />
      @if (v.escalated) {
        <span class="escalated">Escalated: not acknowledged for hours</span>
      }
    </p>
    <p class="kind">{{ v.kind }}</p>
    <p class="summary">{{ v.summary }}</p>
    <p class="meta">
      <a [routerLink]="v.patientLink">{{ v.alert.patientName }}</a>
      · raised <time [attr.datetime]="v.alert.createdAt">{{ formatDateTime(v.alert.createdAt) }}</time> ·
      <a [routerLink]="v.source.path" [fragment]="v.source.fragment">{{ v.source.text }}</a>
    </p>
    <ul class="sides" aria-label="Acknowledgements">
      @for (line of v.sides; track line.side) {
        <li [class.done]="line.done">{{ line.text }}</li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    p {
      margin: 0.25rem 0 0;
      overflow-wrap: anywhere;
    }
    .labels {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem;
      margin: 0;
    }
    .escalated {
      padding: 0.125rem 0.625rem;
      border: 2px solid var(--mat-sys-error);
      border-radius: 999px;
      color: var(--mat-sys-error);
      font: var(--mat-sys-label-medium);
      font-weight: 700;
    }
    /* The sentence to act on leads; the kind names the rule behind it, quieter. */
    .kind {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-label-large);
    }
    .summary {
      font: var(--mat-sys-title-medium);
    }
    .meta {
      color: var(--mat-sys-on-surface-variant);
    }
    .sides {
      margin: 0.5rem 0 0;
      padding: 0;
      list-style: none;
    }
    .sides li {
      margin: 0.125rem 0 0;
      padding-inline-start: 1.25rem;
      position: relative;
      overflow-wrap: anywhere;
    }
    /* Decoration only (the words say it): no alternative text for screen readers. */
    .sides li::before {
      content: '○' / '';
      position: absolute;
      inset-inline-start: 0;
    }
    .sides li.done::before {
      content: '✓' / '';
    }
  `,
})
export class AlertDetails {
  readonly view = input.required<AlertView>();
  protected readonly formatDateTime = formatDateTime;
}
