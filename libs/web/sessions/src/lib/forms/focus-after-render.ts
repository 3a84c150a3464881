import { afterNextRender, ElementRef, inject, Injector } from '@angular/core';

/**
 * Moves focus, once the next render has drawn it, to the element of this component's view that
 * `selector` names: a row just added, the first marked field, a heading that says what happened.
 * Call it in an injection context (a field initializer).
 */
export function focusAfterRender(): (selector: string) => void {
  const host = inject<ElementRef<HTMLElement>>(ElementRef);
  const injector = inject(Injector);
  return (selector) =>
    afterNextRender(() => host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector });
}
