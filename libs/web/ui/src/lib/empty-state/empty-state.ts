import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * What a list or dashboard shows before it has content: one plain sentence about what will
 * appear here, and (projected) the action that makes it appear.
 */
@Component({
  selector: 'kap-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (title()) {
      <h2>{{ title() }}</h2>
    }
    <p>{{ message() }}</p>
    <div class="action"><ng-content /></div>
  `,
  styles: `
    :host {
      display: block;
      padding: 2rem 1.5rem;
      border: 1px dashed var(--mat-sys-outline);
      border-radius: 12px;
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
      max-width: 48rem;
    }
    h2 {
      margin: 0 0 0.5rem;
      font: var(--mat-sys-title-large);
    }
    p {
      margin: 0;
      font: var(--mat-sys-body-large);
    }
    .action:not(:empty) {
      margin-top: 1rem;
    }
  `,
})
export class EmptyState {
  readonly message = input.required<string>();
  readonly title = input<string>();
}
