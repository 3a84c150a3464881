import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { setClinicTimeZone } from '@kap/web/core/calendar';
import { instrumentSummaries, outcome, patientRecord } from '../../testing/outcome-fixtures';
import { ScoreEntryPage } from './score-entry-page';

@Component({ template: 'trend' })
class TrendStub {}

describe('ScoreEntryPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(url: string): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'patients/:id/scores/new', component: ScoreEntryPage },
          { path: 'patients/:id/scores/:instrument', component: TrendStub },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    page = harness.routeNativeElement as HTMLElement;
    http.expectOne('/api/patients/p-1').flush(patientRecord);
    http.expectOne('/api/instruments').flush(instrumentSummaries());
    await settle();
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  afterEach(() => http.verify());

  const item = (index: number) => page.querySelector<HTMLFieldSetElement>(`#item-${index}`);
  const radios = (index: number) =>
    Array.from(item(index)?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? []);
  const summary = () => page.querySelector('.summary')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const safety = () => page.querySelector('.safety')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  /** Types one key on whatever has focus, as the browser would dispatch it. */
  async function press(key: string): Promise<void> {
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    await settle();
  }

  function focusedItem(): string | null {
    return document.activeElement?.closest('fieldset')?.id ?? document.activeElement?.id ?? null;
  }

  it('shows the stem, each item with its answer words, and the patient it is for', async () => {
    await open('/patients/p-1/scores/new?instrument=PHQ9');
    expect(page.querySelector('h1')?.textContent).toBe('Enter a score');
    expect(page.textContent).toContain('For José García.');
    expect(page.textContent).toContain('Over the last 2 weeks, how often have you been bothered');
    expect(page.querySelectorAll('fieldset.item:not(.difficulty)')).toHaveLength(9);
    expect(item(8)?.querySelector('legend')?.textContent).toContain(
      'Thoughts that you would be better off dead',
    );
    expect(radios(0).map((r) => r.closest('label')?.querySelector('.label')?.textContent)).toEqual([
      'Not at all',
      'Several days',
      'More than half the days',
      'Nearly every day',
    ]);
    expect(summary()).toBe('Answer all 9 items to see the total (0 answered).');
  });

  it('answers by digit and moves to the next item; the total and band appear once all nine are in', async () => {
    await open('/patients/p-1/scores/new?instrument=PHQ9');
    radios(0)[0].focus();
    for (const [index, digit] of ['2', '2', '2', '2', '2', '2', '2', '2'].entries()) {
      await press(digit);
      expect(radios(index)[2].checked).toBe(true);
      expect(focusedItem()).toBe(`item-${index + 1}`);
    }
    expect(summary()).toBe('Answer all 9 items to see the total (8 answered).');
    await press('7'); // out of range: nothing happens
    expect(focusedItem()).toBe('item-8');
    expect(radios(8).some((r) => r.checked)).toBe(false);

    await press('0');
    expect(summary()).toBe('Total: 16 of 27, Moderately severe');
    expect(focusedItem()).toBe('difficulty');
    await press('1');
    expect(document.activeElement?.id).toBe('save-score');
    expect(safety()).toBe('');
  });

  it('clears with Backspace, then goes back one item', async () => {
    await open('/patients/p-1/scores/new?instrument=GAD7');
    radios(0)[0].focus();
    await press('3');
    expect(focusedItem()).toBe('item-1');
    await press('Backspace'); // item 2 is empty: back to item 1
    expect(focusedItem()).toBe('item-0');
    await press('Backspace'); // item 1 is answered: clear it, stay
    expect(focusedItem()).toBe('item-0');
    expect(radios(0).some((r) => r.checked)).toBe(false);
  });

  it('shows the safety notice as soon as item 9 is above 0', async () => {
    await open('/patients/p-1/scores/new?instrument=PHQ9');
    radios(8)[0].focus();
    await press('1');
    expect(safety()).toContain('Item 9');
    expect(safety()).toContain('not monitored around the clock');
  });

  it('C-SSRS: questions 3–5 are disabled and sent as no when question 2 is no', async () => {
    await open('/patients/p-1/scores/new?instrument=CSSRS_SCREEN');
    expect([2, 3, 4].map((i) => item(i)?.disabled)).toEqual([true, true, true]);
    radios(0)[0].focus();
    await press('y');
    expect(focusedItem()).toBe('item-1');
    await press('n');
    expect(focusedItem()).toBe('item-5');
    expect(item(2)?.textContent).toContain('Asked only when question 2 is yes');
    await press('n');
    expect(document.activeElement?.id).toBe('save-score');
    expect(summary()).toBe('Result: Low risk');

    page.querySelector<HTMLButtonElement>('#save-score')?.click();
    await settle();
    const request = http.expectOne('/api/patients/p-1/outcomes');
    expect(request.request.body.items).toEqual([true, false, false, false, false, false, false]);
    expect(request.request.body.instrument).toBe('CSSRS_SCREEN');
    request.flush(
      outcome('CSSRS_SCREEN', [true, false, false, false, false, false, false], '2026-11-25T10:00:00.000Z'),
    );
    await settle();
    expect(harness.routeNativeElement?.textContent).toBe('trend');
  });

  it('C-SSRS: a yes to question 2 opens questions 3–5, and a high-risk answer shows the safety notice', async () => {
    await open('/patients/p-1/scores/new?instrument=CSSRS_SCREEN');
    radios(0)[0].focus();
    await press('y');
    await press('y');
    expect(item(2)?.disabled).toBe(false);
    expect(focusedItem()).toBe('item-2');
    await press('n');
    await press('y'); // question 4: intent
    expect(safety()).toContain('high-risk');
    expect(summary()).toContain('Answer all 6 items');
  });

  it('C-SSRS: question 7 is disabled until question 6 is yes, and a recent attempt is high risk', async () => {
    await open('/patients/p-1/scores/new?instrument=CSSRS_SCREEN');
    expect(item(6)?.disabled).toBe(true);
    expect(item(6)?.textContent).toContain('Asked only when question 6 is yes');
    radios(0)[0].focus();
    await press('n');
    await press('n');
    expect(focusedItem()).toBe('item-5');
    await press('y');
    expect(item(6)?.disabled).toBe(false);
    expect(focusedItem()).toBe('item-6');
    expect(safety()).toContain('moderate-risk');
    await press('y');
    expect(summary()).toBe('Result: High risk');
    expect(safety()).toContain('high-risk');
  });

  it('PEG: three items from 0 to 10, the mean with one decimal and no band', async () => {
    await open('/patients/p-1/scores/new?instrument=PEG');
    expect(radios(0).map((r) => r.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    radios(0)[0].focus();
    await press('7');
    await press('6');
    await press('7');
    expect(summary()).toBe('Total: 6.7 of 10');
    radios(2)[6].click();
    await settle();
    expect(summary()).toBe('Total: 6.3 of 10');
  });

  it('saves with an idempotency key and shows the API item problems on the item', async () => {
    await open('/patients/p-1/scores/new?instrument=PHQ9');
    radios(0)[0].focus();
    for (let i = 0; i < 9; i++) await press('1');
    page.querySelector<HTMLButtonElement>('#save-score')?.click();
    await settle();
    const first = http.expectOne('/api/patients/p-1/outcomes');
    expect(first.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.request.body).toMatchObject({ instrument: 'PHQ9', items: [1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(Number.isNaN(Date.parse(first.request.body.administeredAt))).toBe(false);
    first.flush(
      {
        error: 'validation_failed',
        message: 'Please correct items[3]: item 4 must be a whole number from 0 to 3.',
        requestId: 'r-1',
        details: [{ field: 'items[3]', problem: 'item 4 must be a whole number from 0 to 3' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(item(3)?.querySelector('.problem')?.textContent).toBe('Item 4 must be a whole number from 0 to 3');
    expect(item(3)?.getAttribute('aria-describedby')).toBe('item-problem-3');
    expect(focusedItem()).toBe('item-3');
  });

  it('reads "Given on" on the clinic’s clock and says so when the browser is in another zone', async () => {
    // The test setup's clinic is in UTC, the zone the tests run in; this clinic is on the west coast.
    const zone =
      new Intl.DateTimeFormat().resolvedOptions().timeZone === 'America/Los_Angeles'
        ? 'Asia/Tokyo'
        : 'America/Los_Angeles';
    setClinicTimeZone(zone);
    await open('/patients/p-1/scores/new?instrument=PHQ9');
    // The zone is a hint, not part of the label (a phone-wide field cuts a long label off), and a
    // screen reader reads it with the field.
    expect(page.querySelector('.when-field mat-label')?.textContent?.trim()).toBe('Given on');
    const hint = page.querySelector('.when-field mat-hint');
    expect(hint?.textContent?.trim()).toBe(`Clinic time, ${zone.replace('_', ' ')}`);
    expect(page.querySelector('#administered-at')?.getAttribute('aria-describedby')).toContain(hint?.id);
    const when = page.querySelector<HTMLInputElement>('#administered-at');
    if (!when) throw new Error('no Given on field');
    when.value = '2026-11-20T10:00';
    when.dispatchEvent(new Event('input'));
    radios(0)[0].focus();
    for (let i = 0; i < 9; i++) await press('0');
    page.querySelector<HTMLButtonElement>('#save-score')?.click();
    await settle();
    const save = http.expectOne('/api/patients/p-1/outcomes');
    expect(save.request.body.administeredAt).toBe(
      zone === 'Asia/Tokyo' ? '2026-11-20T01:00:00.000Z' : '2026-11-20T18:00:00.000Z',
    );
    save.flush(outcome('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, 0], '2026-11-20T18:00:00.000Z'));
    await settle();
  });

  it('refuses to save an incomplete form and focuses the first missing item', async () => {
    await open('/patients/p-1/scores/new?instrument=PHQ9');
    radios(0)[0].focus();
    await press('1');
    page.querySelector<HTMLButtonElement>('#save-score')?.click();
    await settle();
    expect(Array.from(page.querySelectorAll('kap-error-banner'), (b) => b.textContent).join(' ')).toContain(
      'Answer all 9 items before saving (1 answered).',
    );
    expect(focusedItem()).toBe('item-1');
  });
});
