import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  signal,
  ViewEncapsulation,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { AuthStore, errorCode, errorMessage, newIdempotencyKey } from '@kap/web/core';
import { ErrorBanner, PageHeading, SeverityChip } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SharingApi } from '../data-access/sharing-api';
import { packetView, type PacketView } from './packet-view';

/** Shown when the API refuses to send for want of a valid release (409 `release_of_information_required`). */
export const NO_RELEASE_MESSAGE =
  'The packet was not sent: the medical team may only receive it under a valid release. ' +
  'Record a signed, unexpired release of information in the care team panel on the patient page first.';

/**
 * The follow-up packet as a prescriber would read it at the next medical follow-up: course and
 * status, dosing sessions with vitals (out-of-range readings marked), scores, open alerts and
 * questions. Prints cleanly (the shell's navigation hides), copies as the API's plain text, and
 * can be posted to the medical team's thread.
 *
 * Unencapsulated so the print rules can hide the shell; every selector is scoped under
 * `kap-packet-page` (or `body:has(kap-packet-page)`).
 */
@Component({
  selector: 'kap-packet-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  imports: [RouterLink, FormsModule, MatButtonModule, PageHeading, ErrorBanner, SeverityChip],
  templateUrl: './packet-page.html',
  // Screen and paper in two sheets: each stays within the component style budget.
  styleUrls: ['./packet-page.scss', './packet-print.scss'],
})
export class PacketPage {
  private readonly api = inject(SharingApi);
  private readonly auth = inject(AuthStore);

  /** Sending posts to the thread as the practice: the therapist's (docs/api.md); the medical team only reads. */
  protected readonly canSend = computed(() => this.auth.user()?.role === 'therapist');

  protected readonly patientId = signal('');
  protected readonly patientLink = signal('');
  protected readonly view = signal<PacketView | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);

  /** The polite live region: "Copied…", "Sent…". */
  protected readonly status = signal('');
  protected readonly copying = signal(false);
  protected readonly copyError = signal<string | null>(null);

  protected readonly composing = signal(false);
  protected readonly sending = signal(false);
  protected readonly sendError = signal<string | null>(null);
  protected note = '';
  private sendKey = newIdempotencyKey();

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      const id = params.get('id') ?? '';
      this.patientId.set(id);
      this.patientLink.set(`/patients/${id}`);
      void this.load(id);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected print(): void {
    window.print();
  }

  protected async copyText(): Promise<void> {
    this.copying.set(true);
    this.copyError.set(null);
    this.status.set('');
    try {
      const text = await firstValueFrom(this.api.packetText(this.patientId()));
      await navigator.clipboard.writeText(text);
      this.status.set('Packet copied as text. Paste it into the medical team’s portal or an email.');
    } catch (error) {
      this.copyError.set(
        error instanceof HttpErrorResponse
          ? errorMessage(error)
          : 'The browser did not allow copying. Select the packet and copy it instead.',
      );
    } finally {
      this.copying.set(false);
    }
  }

  protected startSend(): void {
    this.composing.set(true);
    this.sendError.set(null);
    this.status.set('');
  }

  protected cancelSend(): void {
    this.composing.set(false);
    this.sendError.set(null);
  }

  protected async send(): Promise<void> {
    this.sending.set(true);
    this.sendError.set(null);
    try {
      const note = this.note.trim();
      await firstValueFrom(this.api.sendPacket(this.patientId(), note ? { note } : {}, this.sendKey));
      this.sendKey = newIdempotencyKey();
      this.note = '';
      this.composing.set(false);
      this.status.set('Packet sent to the medical team. It is in the patient’s care-team updates.');
    } catch (error) {
      this.sendError.set(sendErrorMessage(error));
    } finally {
      this.sending.set(false);
    }
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      this.view.set(packetView(await firstValueFrom(this.api.packet(id))));
    } catch (error) {
      this.view.set(null);
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}

/** What to do about a 409 for want of a valid release; else the API's words. */
export function sendErrorMessage(error: unknown): string {
  if (
    error instanceof HttpErrorResponse &&
    error.status === 409 &&
    errorCode(error) === 'release_of_information_required'
  ) {
    return NO_RELEASE_MESSAGE;
  }
  return errorMessage(error);
}
