import { DestroyRef, effect, inject, PendingTasks, signal, type Signal } from '@angular/core';

/**
 * Draws the parts of a long page one browser task at a time, in reading order, once `start` holds.
 * Drawn all in one go, a patient's record details kept the main thread busy for a quarter of a
 * second on this machine (a second on a slow phone), and nothing typed or tapped in that time is
 * answered. One part per task lets the browser paint and answer input between them.
 *
 * `drawn()` counts the parts to show (0 to `parts`); `drawAll()` shows the rest at once, for a
 * reader who asks for a part that is not there yet. Pending work is registered with Angular, so a
 * test's `whenStable()` waits for the last part.
 */
export class DrawInTurn {
  private readonly count = signal(0);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private release: (() => void) | undefined;
  readonly drawn: Signal<number> = this.count.asReadonly();

  constructor(
    private readonly parts: number,
    start: Signal<boolean>,
  ) {
    const pendingTasks = inject(PendingTasks);
    inject(DestroyRef).onDestroy(() => this.stop());
    effect(() => {
      if (!start() || this.release || this.count() >= this.parts) return;
      this.release = pendingTasks.add();
      this.timer = setTimeout(() => this.next());
    });
  }

  drawAll(): void {
    this.count.set(this.parts);
    this.stop();
  }

  private next(): void {
    this.count.update((drawn) => drawn + 1);
    if (this.count() < this.parts) this.timer = setTimeout(() => this.next());
    else this.stop();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.release?.();
    this.release = undefined;
  }
}
