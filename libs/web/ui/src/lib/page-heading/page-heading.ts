import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The one `<h1>` of a page, with an optional lead sentence and room for page actions.
 * tabindex="-1" lets the app move focus here after navigation without adding a Tab stop.
 */
@Component({
  selector: 'kap-page-heading',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="heading-row">
      <h1 tabindex="-1">{{ heading() }}</h1>
      <div class="actions"><ng-content /></div>
    </div>
    @if (lead()) {
      <p class="lead">{{ lead() }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
      margin-block-end: 1.5rem;
    }
    .heading-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-medium);
      color: var(--mat-sys-on-surface);
    }
    h1:focus {
      outline: none;
    }
    h1:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 4px;
    }
    .actions:empty {
      display: none;
    }
    .lead {
      margin: 0.5rem 0 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-large);
    }
  `,
})
export class PageHeading {
  readonly heading = input.required<string>();
  readonly lead = input<string>();
}
