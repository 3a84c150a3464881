import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DOCUMENT,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Alert, DashboardReason, Role } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { SeverityChip } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { PatientsApi } from '../../data-access/patients-api';
import { followSectionLink } from '../section-link';
import { actionItems } from './action-items';

export const NOTHING_NEEDS_ACTION = 'Nothing needs action for this patient.';

/**
 * The head of the patient page: the open alerts in their own sentences and what else the
 * dashboard would say about this patient (follow-up, integration, notes, release), each with
 * the link that acts on it. Colour repeats the severity; the chip says it in words.
 */
@Component({
  selector: 'kap-needs-action',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, SeverityChip],
  templateUrl: './needs-action.html',
  styleUrl: './needs-action.scss',
})
export class NeedsAction {
  private readonly api = inject(PatientsApi);
  private readonly document = inject(DOCUMENT);

  readonly patientId = input.required<string>();
  readonly role = input<Role | null>(null);
  readonly practice = input(false);

  private readonly alerts = signal<Alert[] | null>(null);
  private readonly reasons = signal<DashboardReason[] | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly nothing = NOTHING_NEEDS_ACTION;

  protected readonly items = computed(() =>
    actionItems(
      this.alerts() ?? [],
      this.reasons() ?? [],
      { patientId: this.patientId(), role: this.role(), practice: this.practice() },
      this.alerts() !== null,
    ),
  );

  constructor() {
    effect(() => {
      const id = this.patientId();
      untracked(() => void this.load(id));
    });
  }

  /** In-page links focus their section (see `followSectionLink`). */
  protected jump(event: MouseEvent, id: string): void {
    followSectionLink(event, this.document, id);
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.alerts.set(null);
    this.reasons.set(null);
    // Each source shows what it has even when the other fails: an alert must not hide behind an error.
    const [alerts, dashboard] = await Promise.allSettled([
      firstValueFrom(this.api.openAlerts(id)),
      firstValueFrom(this.api.dashboard()),
    ]);
    if (id !== this.patientId()) return; // another patient's page meanwhile
    if (alerts.status === 'fulfilled')
      this.alerts.set(alerts.value.items.filter((alert) => alert.patientId === id));
    if (dashboard.status === 'fulfilled')
      this.reasons.set(dashboard.value.items.find((item) => item.patientId === id)?.reasons ?? []);
    const failure = [alerts, dashboard].find((result) => result.status === 'rejected');
    if (failure)
      this.error.set(
        `Not everything that needs action could be loaded (${errorMessage(failure.reason)}). Reload the page to try again.`,
      );
    this.loading.set(false);
  }
}
