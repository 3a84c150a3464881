import type { CanDeactivateFn } from '@angular/router';

/** A page that may hold work not yet saved. `canLeave` may save first, or ask the person. */
export interface HoldsUnsavedWork {
  canLeave(): boolean | Promise<boolean>;
}

/** Asks the page before the router leaves it (in-app navigation; `beforeunload` covers the rest). */
export const unsavedChangesGuard: CanDeactivateFn<HoldsUnsavedWork> = (component) =>
  component?.canLeave?.() ?? true;
