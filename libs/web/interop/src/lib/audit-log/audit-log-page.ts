import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type {
  AuditEventItem,
  AuditListQuery,
  OrganizationMember,
  PatientSummary,
} from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { InteropApi } from '../data-access/interop-api';
import { auditRow, localDayEnd, localDayStart, type AuditNames } from './audit-event-view';

const PAGE_SIZE = 50;

/**
 * The practice admin's audit log: who did what with which record, newest first. Without a
 * patient it lists what the practice's own people did; with a patient, everything anyone did
 * with that record (the medical team's reads included). Reading it is audited too.
 */
@Component({
  selector: 'kap-audit-log-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageHeading,
    EmptyState,
    ErrorBanner,
  ],
  templateUrl: './audit-log-page.html',
  styleUrl: './audit-log-page.scss',
})
export class AuditLogPage {
  private readonly api = inject(InteropApi);

  protected readonly people = signal<OrganizationMember[]>([]);
  protected readonly patients = signal<PatientSummary[]>([]);
  protected readonly events = signal<AuditEventItem[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  /** The filter form's fields; applied with the button, so a half-typed period never loads. */
  protected actorId = '';
  protected patientId = '';
  protected from = '';
  protected to = '';
  /** What the list shows now (the cursor belongs to it). */
  private applied: AuditListQuery = {};

  private readonly names = computed<AuditNames>(() => ({
    people: new Map(this.people().map((p) => [p.id, p.displayName])),
    patients: new Map(this.patients().map((p) => [p.id, patientName(p)])),
  }));
  protected readonly rows = computed(() => this.events().map((event) => auditRow(event, this.names())));
  protected readonly patientName = patientName;

  constructor() {
    void this.loadChoices();
    void this.load(null);
  }

  protected apply(): void {
    if (this.from && this.to && this.from > this.to) {
      this.error.set('The "to" day must not be before the "from" day.');
      return;
    }
    this.applied = {
      actorId: this.actorId || undefined,
      patientId: this.patientId || undefined,
      from: this.from ? localDayStart(this.from) : undefined,
      to: this.to ? localDayEnd(this.to) : undefined,
    };
    void this.load(null);
  }

  protected clear(): void {
    this.actorId = '';
    this.patientId = '';
    this.from = '';
    this.to = '';
    this.apply();
  }

  protected more(): void {
    void this.load(this.nextCursor());
  }

  private async loadChoices(): Promise<void> {
    // Names only make the list easier to read: without them it still works, with ids.
    try {
      const [people, patients] = await Promise.all([
        firstValueFrom(this.api.members()),
        firstValueFrom(this.api.patients()),
      ]);
      this.people.set(people.items);
      this.patients.set(patients.items);
    } catch {
      // The list below shows its own error if the API is unreachable.
    }
  }

  private async load(cursor: string | null): Promise<void> {
    const query = this.applied;
    this.loading.set(true);
    this.error.set(null);
    try {
      const page = await firstValueFrom(
        this.api.auditEvents({ ...query, limit: PAGE_SIZE, cursor: cursor ?? undefined }),
      );
      if (query !== this.applied) return;
      this.events.update((current) => (cursor ? [...current, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}

function patientName(patient: PatientSummary): string {
  return `${patient.preferredName ?? patient.givenName} ${patient.familyName}`;
}
