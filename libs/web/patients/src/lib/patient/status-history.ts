import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import type { MedicalStatus } from '@kap/shared/contracts';
import { PatientStore } from '../data-access/patient-store';
import {
  ELIGIBILITY_LABELS,
  formatDate,
  formatDateTime,
  MONITORING_LABELS,
  prescriptionText,
  SOURCE_LABELS,
} from '../display/patient-labels';

interface HistoryRow {
  entry: MedicalStatus;
  asOf: string;
  /** ", from the medical team, entered by Dr. Morales". */
  byline: string;
  mirrored: boolean;
  current?: boolean;
  facts: { term: string; value: string }[];
}

/** Every medical-status entry, newest "as of" first, with who entered it and from where. */
@Component({
  selector: 'kap-status-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">Status history</h2>
      @if (rows().length === 0) {
        <p>No entries yet.</p>
      } @else {
        <ol class="history">
          @for (row of rows(); track row.entry.id) {
            <li [class.mirrored]="row.mirrored">
              <p class="when">
                <strong>{{ row.asOf }}</strong
                >{{ row.byline }}
                @if (row.current) {
                  <span class="current">Current</span>
                }
              </p>
              <dl class="facts">
                @for (fact of row.facts; track fact.term) {
                  <div [class.wide]="fact.term === 'Note'">
                    <dt>{{ fact.term }}</dt>
                    <dd>{{ fact.value }}</dd>
                  </div>
                }
              </dl>
            </li>
          }
        </ol>
      }
    </section>
  `,
  styleUrl: './patient-sections.scss',
  styles: `
    .history {
      margin: 0;
      padding: 0;
      list-style: none;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    .history li {
      padding: 0.75rem 1rem;
    }
    .history li + li {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .when {
      margin: 0 0 0.5rem;
    }
    .current {
      margin-inline-start: 0.5rem;
      padding: 0 0.5rem;
      border-radius: 999px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-medium);
    }
    .history .facts {
      margin: 0;
    }
  `,
})
export class StatusHistory {
  private readonly store = inject(PatientStore);

  protected readonly rows = computed(() => {
    const currentId = this.store.currentStatus()?.id;
    return this.store.history().map((entry) => ({ ...historyRow(entry), current: entry.id === currentId }));
  });
}

function historyRow(entry: MedicalStatus): HistoryRow {
  const facts: HistoryRow['facts'] = [];
  if (entry.eligibility) facts.push({ term: 'Eligibility', value: ELIGIBILITY_LABELS[entry.eligibility] });
  if (entry.prescription) facts.push({ term: 'Prescription', value: prescriptionText(entry.prescription) });
  if (entry.nextFollowUpDue)
    facts.push({ term: 'Next follow-up due', value: formatDate(entry.nextFollowUpDue) });
  if (entry.monitoring) facts.push({ term: 'Monitoring', value: MONITORING_LABELS[entry.monitoring] });
  if (entry.note) facts.push({ term: 'Note', value: entry.note });
  return {
    entry,
    asOf: formatDateTime(entry.asOf),
    byline: `, ${SOURCE_LABELS[entry.source]}, entered by ${entry.enteredBy.displayName}`,
    mirrored: entry.source === 'therapist_mirror',
    facts,
  };
}
