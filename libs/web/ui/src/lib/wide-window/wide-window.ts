import { DOCUMENT, DestroyRef, inject, InjectionToken, signal, type Signal } from '@angular/core';

/**
 * Whether the window is at least 40rem wide, following it as it changes (a phone turned, a window
 * resized, the zoom changed): below it, on a phone or at a large zoom, pages lay out for a phone,
 * as their stylesheets' `@media (max-width: 40rem)` do. Wide where no window can be asked.
 */
export const WIDE_WINDOW = new InjectionToken<Signal<boolean>>('window at least 40rem wide', {
  providedIn: 'root',
  factory: () => {
    const query = inject(DOCUMENT).defaultView?.matchMedia?.('(min-width: 40rem)');
    const wide = signal(query?.matches ?? true);
    const follow = (event: MediaQueryListEvent) => wide.set(event.matches);
    query?.addEventListener('change', follow);
    inject(DestroyRef).onDestroy(() => query?.removeEventListener('change', follow));
    return wide.asReadonly();
  },
});
