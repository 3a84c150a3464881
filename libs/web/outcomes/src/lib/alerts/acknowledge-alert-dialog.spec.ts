import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { Alert } from '@kap/shared/contracts';
import { alert } from '../../testing/outcome-fixtures';
import {
  ACTION_REQUIRED_MESSAGE,
  ALREADY_ACKNOWLEDGED_MESSAGE,
  AcknowledgeAlertDialog,
  FORBIDDEN_MESSAGE,
} from './acknowledge-alert-dialog';

describe('AcknowledgeAlertDialog', () => {
  let http: HttpTestingController;
  let close: ReturnType<typeof vi.fn>;
  let dialog: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<AcknowledgeAlertDialog>>;

  async function open(data: Alert): Promise<void> {
    close = vi.fn();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AcknowledgeAlertDialog);
    dialog = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const text = () => dialog.textContent?.replace(/\s+/g, ' ') ?? '';

  function type(value: string): void {
    const field = dialog.querySelector<HTMLTextAreaElement>('#alert-action');
    if (!field) throw new Error('no action field');
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await settle();
  }

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  it('asks what was done, and shows the alert in words with the safety copy', async () => {
    await open(alert());
    expect(dialog.querySelector('label')?.textContent).toContain('What was done?');
    expect(text()).toContain('Urgent: PHQ-9 item 9 (thoughts of self-harm) answered above 0');
    expect(text()).toContain('José García');
    expect(text()).toContain('not monitored around the clock');
    expect(text()).toContain("the medical team's on-call line");
    expect(text()).toContain('Required for an urgent alert.');
  });

  it('refuses a blank (or spaces-only) action on an urgent alert without calling the API', async () => {
    await open(alert());
    type('   ');
    await submit();
    http.expectNone('/api/alerts/a-1/acknowledge');
    expect(text()).toContain(ACTION_REQUIRED_MESSAGE);
    expect(document.activeElement?.id).toBe('alert-action');
    expect(close).not.toHaveBeenCalled();
  });

  it('sends the trimmed action and closes with the acknowledged alert', async () => {
    await open(alert());
    type('  Called the patient; safety plan reviewed; prescriber informed.  ');
    await submit();
    const request = http.expectOne('/api/alerts/a-1/acknowledge');
    expect(request.request.body).toEqual({
      action: 'Called the patient; safety plan reviewed; prescriber informed.',
    });
    const done = alert({ acknowledgedAt: '2026-11-25T10:00:00.000Z', action: 'Called the patient' });
    request.flush(done);
    await settle();
    expect(close).toHaveBeenCalledWith(done);
  });

  it('lets a warning go without an action, and shows the API message when it refuses', async () => {
    await open(alert({ id: 'a-2', kind: 'reliable_deterioration', severity: 'warning' }));
    expect(text()).toContain('Optional for this alert.');
    await submit();
    const request = http.expectOne('/api/alerts/a-2/acknowledge');
    expect(request.request.body).toEqual({});
    request.flush(
      {
        error: 'validation_failed',
        message: 'Please correct action: is required for an urgent alert: say what was done.',
        requestId: 'r-9',
        details: [{ field: 'action', problem: 'is required for an urgent alert: say what was done' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(text()).toContain('Please correct action: is required for an urgent alert: say what was done.');
    expect(close).not.toHaveBeenCalled();
  });

  it('says plainly that a practice admin cannot acknowledge (403), and keeps the dialog open', async () => {
    await open(alert());
    type('Called her.');
    await submit();
    http
      .expectOne('/api/alerts/a-1/acknowledge')
      .flush(
        { error: 'forbidden', message: 'You may not do this.', requestId: 'r' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect(text()).toContain(FORBIDDEN_MESSAGE);
    expect(dialog.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled).toBe(true);
    expect(close).not.toHaveBeenCalled();
  });

  it('says when the caller’s side had already acknowledged it (409), and closes asking for a refresh', async () => {
    await open(alert({ summary: 'GAD-7 rose from 8 to 13 on 2 Dec 2026, a reliable deterioration' }));
    expect(text()).toContain('GAD-7 rose from 8 to 13 on 2 Dec 2026');
    expect(text()).toContain('the alert stays open for the other side');
    type('Called her.');
    await submit();
    http
      .expectOne('/api/alerts/a-1/acknowledge')
      .flush(
        { error: 'conflict', message: 'Already acknowledged.', requestId: 'r' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    expect(text()).toContain(ALREADY_ACKNOWLEDGED_MESSAGE);
    expect(dialog.querySelector('button[type="submit"]')).toBeNull();
  });
});
