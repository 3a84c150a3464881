import { afterNextRender, DOCUMENT, inject, Injectable, Injector } from '@angular/core';
import { NavigationEnd, Router } from '@angular/router';

/**
 * A single-page app changes pages without the browser noticing, so keyboard and screen-reader
 * users would stay focused on the link they clicked. After every navigation but the first
 * (where the browser's own start of page is right), focus moves to the new page's `<h1>`,
 * which also scrolls it into view.
 */
@Injectable({ providedIn: 'root' })
export class NavigationFocus {
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private started = false;

  /** Call once at start-up. The service is a root singleton, so the subscription lives as long as the app. */
  start(): void {
    if (this.started) return;
    this.started = true;
    let first = true;
    this.router.events.subscribe((event) => {
      if (!(event instanceof NavigationEnd)) return;
      if (first) {
        first = false;
        return;
      }
      afterNextRender({ read: () => this.focusHeading() }, { injector: this.injector });
    });
  }

  focusHeading(): void {
    const heading =
      this.document.querySelector<HTMLElement>('main h1') ?? this.document.querySelector<HTMLElement>('h1');
    if (!heading) return;
    // A heading is not focusable by default; -1 makes it focusable by script only, not by Tab.
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}
