import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Badge } from './status-view';

/** A row of small labelled badges. The kind is read out before the label ("Eligibility: Eligible"). */
@Component({
  selector: 'kap-status-badges',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="badges" [attr.aria-label]="label()">
      @for (badge of badges(); track badge.kind) {
        <li class="badge" [class]="'tone-' + badge.tone">
          <span class="visually-hidden">{{ badge.kind }}: </span>{{ badge.label }}
        </li>
      }
    </ul>
  `,
  styles: `
    .badges {
      display: flex;
      flex-wrap: wrap;
      gap: 0.375rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .badge {
      position: relative;
      padding: 0.125rem 0.625rem;
      border-radius: 999px;
      border: 1px solid transparent;
      font: var(--mat-sys-label-medium);
    }
    .tone-neutral {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
    }
    .tone-good {
      background: #d7f0dc;
      color: #0d3b18;
    }
    .tone-warn {
      background: #fdefc3;
      color: #4a3300;
      border-color: #b58100;
    }
    .tone-alert {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      border-color: var(--mat-sys-error);
      font-weight: 600;
    }
  `,
})
export class StatusBadges {
  readonly badges = input.required<Badge[]>();
  readonly label = input('Status');
}
