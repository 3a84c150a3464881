import { ChangeDetectionStrategy, Component, ElementRef, input, viewChild } from '@angular/core';

/**
 * A problem the person must know about. The role="alert" region stays in the page while empty,
 * because screen readers announce changes to a live region more reliably than a region that
 * appears together with its text.
 */
@Component({
  selector: 'kap-error-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div #region role="alert" tabindex="-1" class="banner" [class.shown]="!!message()">
      @if (message()) {
        <span>{{ message() }}</span>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .banner.shown {
      margin-block: 0 1rem;
      padding: 0.75rem 1rem;
      border-radius: 8px;
      border-inline-start: 4px solid var(--mat-sys-error);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
    }
    .banner:focus {
      outline: none;
    }
    .banner.shown:focus-visible {
      outline: 3px solid var(--mat-sys-error);
      outline-offset: 2px;
    }
  `,
})
export class ErrorBanner {
  readonly message = input<string | null>(null);
  private readonly region = viewChild.required<ElementRef<HTMLElement>>('region');

  /** Moves keyboard focus to the message, e.g. after a failed submit. */
  focus(): void {
    this.region().nativeElement.focus();
  }
}
