import { ChangeDetectionStrategy, Component, effect, input, output, signal } from '@angular/core';
import { FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  ADVERSE_EVENT_SEVERITIES,
  ADVERSE_EVENT_TYPES,
  type AdverseEventSeverity,
} from '@kap/shared/contracts';
import { ADVERSE_EVENT_LABELS } from '../display/session-labels';
import { serverProblemOf } from '../forms/server-problems';

/**
 * One adverse event (what happened, severity, when on-call was told, action taken) as both
 * session forms ask for it. The page owns the form and places the server's problems on these
 * controls; ids and `data-path` keep the page's addresses (`event-0-type`, `adverseEvents.0.type`).
 */
@Component({
  selector: 'kap-adverse-event-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  templateUrl: './adverse-event-fields.html',
  // The session forms' own look, so an event looks as it did when the page drew it itself.
  styleUrls: ['../log-session/log-session-page.scss', '../forms/session-form-row.scss'],
})
export class AdverseEventFields {
  /** The event's controls: type, severity, reportedToOnCallAt, action. */
  readonly event = input.required<FormGroup>();
  /** Its place in the page's `adverseEvents` array. */
  readonly index = input.required<number>();
  /** How a severity reads in its list; null shows the stored word itself. */
  readonly severityLabels = input.required<Readonly<Record<AdverseEventSeverity, string>> | null>();
  readonly removeText = input('Remove');
  readonly remove = output<void>();

  protected readonly eventTypes = ADVERSE_EVENT_TYPES;
  protected readonly severities = ADVERSE_EVENT_SEVERITIES;
  protected readonly eventLabels = ADVERSE_EVENT_LABELS;

  /** The message under a control: the server's (or the form's) words for it. */
  protected readonly problem = serverProblemOf(this.event);

  /**
   * A serious event asks when the on-call line was told (`reportedToOnCallAt`); the field stays
   * while it holds a time, so nothing typed is hidden.
   */
  protected readonly asksOnCall = signal(false);

  constructor() {
    effect((onCleanup) => {
      const group = this.event();
      const update = () => {
        const { severity, reportedToOnCallAt } = group.getRawValue() as {
          severity: string;
          reportedToOnCallAt: string;
        };
        this.asksOnCall.set(severity === 'serious' || !!reportedToOnCallAt);
      };
      update();
      const subscription = group.valueChanges.subscribe(update);
      onCleanup(() => subscription.unsubscribe());
    });
  }
}
