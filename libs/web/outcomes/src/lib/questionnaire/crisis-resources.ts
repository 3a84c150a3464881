import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * What the patient's page shows first when an answer raised a suicidality or C-SSRS alert
 * (docs/api.md "Patient self-report"; docs/requirements.md "Safety copy"): the crisis line, the emergency
 * number, and that the practice reads the answers but does not watch them around the clock.
 * Its heading is the page's h1, so it is what a screen reader reads first.
 */
@Component({
  selector: 'kap-crisis-resources',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="crisis" aria-labelledby="crisis-heading">
      <h1 id="crisis-heading" tabindex="-1">Please reach out for support now</h1>
      <p>
        Some of your answers say you may be having thoughts of death or of harming yourself. You do not have
        to wait for your next appointment.
      </p>
      <ul>
        <li>
          <strong>Call or text 988</strong>, the 988 Suicide &amp; Crisis Lifeline (US): free, confidential,
          any time of day or night.
          <span class="crisis-actions">
            <a class="button primary" href="tel:988">Call 988</a>
            <a class="button" href="sms:988">Text 988</a>
          </span>
        </li>
        <li><strong>If you are in danger now</strong>, call 911 (or your local emergency number).</li>
        <li>
          {{ therapistAt() }} will see your answers, but nobody watches them around the clock. Call your
          therapist or the practice to talk about how you are doing; when they cannot answer, use the numbers
          above.
        </li>
      </ul>
    </section>
  `,
  styleUrl: './crisis-resources.scss',
})
export class CrisisResources {
  /** Null when the page could not read it (a reply replayed for a link already closed). */
  readonly practiceName = input<string | null>(null);
  protected readonly therapistAt = computed(() => {
    const practice = this.practiceName();
    return practice ? `Your therapist at ${practice}` : 'Your therapist';
  });
}
