import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Any unknown address. Shown without the signed-in frame, so it works signed in or out. */
@Component({
  selector: 'kap-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <main id="main-content">
      <p class="brand">KAP Care</p>
      <h1 tabindex="-1">Page not found</h1>
      <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p><a routerLink="/">Go to the home page</a></p>
    </main>
  `,
  styles: `
    main {
      max-width: 40rem;
      margin: 0 auto;
      padding: 10vh 1.5rem 2rem;
      font: var(--mat-sys-body-large);
    }
    .brand {
      color: var(--mat-sys-primary);
      font: var(--mat-sys-title-medium);
    }
    h1 {
      font: var(--mat-sys-headline-medium);
    }
    h1:focus {
      outline: none;
    }
  `,
})
export class NotFoundPage {}

/** For the route loader (`lazyPages`): a default export needs no `.then` in the initial bundle. */
export default NotFoundPage;
