import { DOCUMENT } from '@angular/common';
import { afterNextRender, DestroyRef, inject, Injectable, Injector } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router } from '@angular/router';
import { filter } from 'rxjs';

/**
 * A single-page app changes pages without the browser noticing, so keyboard and screen-reader
 * users would stay focused on the link they clicked. After every navigation but the first
 * (where the browser's own start of page is right), focus moves to the new page's `<h1>`.
 */
@Injectable({ providedIn: 'root' })
export class NavigationFocus {
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    let first = true;
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => {
        if (first) {
          first = false;
          return;
        }
        afterNextRender({ read: () => this.focusHeading() }, { injector: this.injector });
      });
  }

  focusHeading(): void {
    const heading = this.document.querySelector<HTMLElement>('main h1') ?? this.document.querySelector<HTMLElement>('h1');
    if (!heading) return;
    // A heading is not focusable by default; -1 makes it focusable by script only, not by Tab.
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}
