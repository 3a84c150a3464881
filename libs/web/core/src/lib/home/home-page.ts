import { ChangeDetectionStrategy, Component } from '@angular/core';
import { EmptyState, PageHeading } from '@kap/web/ui';

/** The therapist's morning view. Until patients exist, it says what will appear here. */
@Component({
  selector: 'kap-home-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PageHeading, EmptyState],
  template: `
    <kap-page-heading heading="Today" />
    <kap-empty-state
      message="Nothing needs your attention yet. Patients, sessions and alerts will appear here as they are added."
    />
  `,
})
export class HomePage {}
