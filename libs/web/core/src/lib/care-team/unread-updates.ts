import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { UnreadCounts } from '@kap/shared/contracts';

/** "3 unread care-team updates", or '' when there are none. */
export function unreadUpdatesLabel(total: number): string {
  if (total <= 0) return '';
  return total === 1 ? '1 unread care-team update' : `${total} unread care-team updates`;
}

/**
 * The count of care-team updates from the other side that nobody on the caller's side has
 * acknowledged yet (`GET /api/status-updates/unread`), shared by the navigation badge, the home
 * page and the thread, which refreshes it after an acknowledgement. Its own file, so only the
 * lazy chunks that use it carry it: the initial bundle is at its budget.
 */
@Injectable({ providedIn: 'root' })
export class UnreadUpdates {
  private readonly http = inject(HttpClient);
  private readonly state = signal<UnreadCounts | null>(null);
  private pending: Promise<void> | null = null;
  private again = false;

  readonly total = computed(() => this.state()?.total ?? 0);
  readonly label = computed(() => unreadUpdatesLabel(this.total()));

  /** The unread count of one patient (0 when none). */
  forPatient(patientId: string): number {
    return this.state()?.byPatient.find((row) => row.patientId === patientId)?.count ?? 0;
  }

  /**
   * Asks again. Calls made while a request is out share it and ask once more after it, so the
   * count shown is never older than the latest change. A failure keeps the last count: the
   * badge is a convenience, the dashboard and the thread show the updates themselves.
   */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = new Promise<void>((resolve) => {
      this.http.get<UnreadCounts>('/api/status-updates/unread').subscribe({
        next: (counts) => this.state.set(counts),
        error: () => resolve(),
        complete: () => resolve(),
      });
    }).then(() => {
      this.pending = null;
      if (this.again) {
        this.again = false;
        return this.refresh();
      }
      return undefined;
    });
    return this.pending;
  }

  /** Forgets the count (signing out). */
  clear(): void {
    this.state.set(null);
  }
}
