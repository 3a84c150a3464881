import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  InjectionToken,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { PatientSummary } from '@kap/shared/contracts';
import { AuthStore, errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { PatientsApi } from '../data-access/patients-api';
import { CONDITION_LABELS, displayName, TODAY } from '../display/patient-labels';
import { StatusBadges } from '../display/status-badges';
import { patientBadges } from '../display/status-view';

/** How long typing must pause before the search is sent. Replaced in tests. */
export const SEARCH_DEBOUNCE_MS = new InjectionToken<number>('SEARCH_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 300,
});

export const MEDICAL_TEAM_EMPTY_MESSAGE =
  'No patients are shared with your team yet. A patient appears here once their therapist links your team with a valid release of information.';

interface CaseloadRow {
  patient: PatientSummary;
  name: string;
  /** The legal name, shown when the patient goes by a preferred one. */
  legalName: string | null;
  conditions: string;
  badges: ReturnType<typeof patientBadges>;
}

/**
 * The caseload: the therapist's own patients, the practice's for an admin, and for the medical
 * team the patients linked to it with a valid release (the API decides; the page only words it).
 */
@Component({
  selector: 'kap-caseload-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageHeading,
    EmptyState,
    ErrorBanner,
    StatusBadges,
  ],
  templateUrl: './caseload-page.html',
  styleUrl: './caseload-page.scss',
})
export class CaseloadPage {
  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthStore);
  private readonly today = inject(TODAY);
  private readonly debounceMs = inject(SEARCH_DEBOUNCE_MS);

  protected readonly isMedicalTeam = computed(() => this.auth.user()?.organizationKind === 'medical_team');
  protected readonly canAdd = computed(() => {
    const role = this.auth.user()?.role;
    return role === 'therapist' || role === 'practice_admin';
  });
  protected readonly heading = computed(() => (this.isMedicalTeam() ? 'Linked patients' : 'Patients'));
  protected readonly lead = computed(() =>
    this.isMedicalTeam()
      ? 'Patients whose therapists share them with your team under a valid release of information.'
      : this.auth.user()?.role === 'practice_admin'
        ? "The practice's patients."
        : 'Your caseload.',
  );
  protected readonly medicalTeamEmpty = MEDICAL_TEAM_EMPTY_MESSAGE;

  protected readonly query = signal('');
  /** The search the shown list answers (the box may be ahead of it while typing). */
  protected readonly shownQuery = signal('');
  protected readonly patients = signal<PatientSummary[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly rows = computed<CaseloadRow[]>(() => {
    const today = this.today();
    const release = !this.isMedicalTeam();
    return this.patients().map((patient) => {
      const name = displayName(patient);
      const legal = `${patient.givenName} ${patient.familyName}`;
      return {
        patient,
        name,
        legalName: legal === name ? null : legal,
        conditions: patient.conditions.map((c) => CONDITION_LABELS[c] ?? c).join(', '),
        badges: patientBadges(patient, today, { release }),
      };
    });
  });

  /** Announced politely to screen readers when a search or "Load more" has answered. */
  protected readonly resultStatus = computed(() => {
    if (!this.loaded() || this.loading()) return '';
    const count = this.patients().length;
    const more = this.nextCursor() ? ' More can be loaded.' : '';
    const what = count === 1 ? '1 patient' : `${count} patients`;
    return this.shownQuery() ? `${what} found for “${this.shownQuery()}”.${more}` : `${what} shown.${more}`;
  });

  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older search or page are dropped; only the latest request may fill the list. */
  private requestSeq = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.debounce));
    void this.load(null);
  }

  protected onSearch(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.load(null), this.debounceMs);
  }

  /** Enter in the search box searches at once. */
  protected searchNow(event: Event): void {
    event.preventDefault();
    clearTimeout(this.debounce);
    void this.load(null);
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) await this.load(cursor);
  }

  private async load(cursor: string | null): Promise<void> {
    const seq = ++this.requestSeq;
    const q = this.query().trim();
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(this.api.list({ q, cursor }));
      if (seq !== this.requestSeq) return;
      this.patients.update((list) => (cursor ? [...list, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
      this.shownQuery.set(q);
      this.loaded.set(true);
    } catch (error) {
      if (seq === this.requestSeq) this.error.set(errorMessage(error));
    } finally {
      if (seq === this.requestSeq) this.loading.set(false);
    }
  }
}
