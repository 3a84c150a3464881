import { Injectable, signal } from '@angular/core';
import type { CareTeam } from '@kap/shared/contracts';

/**
 * The care-team link of the patient whose page is open, as that page last read (or changed) it.
 * The page's own sections from other libraries (the care-team thread) are created into the page
 * without inputs and cannot reach its store, so the store leaves the link here: the thread then
 * knows, before anyone presses "Write an update", that nothing can reach the medical team.
 */
@Injectable({ providedIn: 'root' })
export class OpenPatientCareTeam {
  private readonly state = signal<{ patientId: string; careTeam: CareTeam | null } | null>(null);

  /** The patient's link; null when none; undefined when no page has read this patient. */
  of(patientId: string): CareTeam | null | undefined {
    const state = this.state();
    return state?.patientId === patientId ? state.careTeam : undefined;
  }

  show(patientId: string, careTeam: CareTeam | null): void {
    this.state.set({ patientId, careTeam });
  }

  /** The page was left (or moved to another patient): nothing is known any more. */
  forget(patientId: string): void {
    if (this.state()?.patientId === patientId) this.state.set(null);
  }
}
