import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { MeasurementPlan } from '@kap/shared/contracts';
import { MeasurementPlanSection, PLAN_CONFLICT_MESSAGE } from './measurement-plan-section';
import { planSentences, SUGGESTED_PLAN } from './plan-rules';

const PLAN_URL = '/api/courses/c-1/measurement-plan';

describe('MeasurementPlanSection', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<MeasurementPlanSection>>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(plan: MeasurementPlan): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MeasurementPlanSection);
    fixture.componentRef.setInput('courseId', 'c-1');
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne(PLAN_URL).flush(plan);
    await settle();
  }

  afterEach(() => http.verify());

  const text = (selector: string) =>
    page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const button = (label: string) =>
    Array.from(page.querySelectorAll('button')).find((b) =>
      b.textContent?.replace(/\s+/g, ' ').trim().startsWith(label),
    ) as HTMLButtonElement;
  const items = (selector: string) =>
    Array.from(page.querySelectorAll(`${selector} li`)).map((li) => li.textContent?.trim());

  async function type(id: string, value: string): Promise<void> {
    const input = page.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement;
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
    await settle();
  }

  it('offers the suggested plan to a course without one, and saves it only when asked', async () => {
    await open({ rules: [], version: 0 });
    expect(text('h2')).toBe('Measurement plan');
    expect(page.textContent).toContain('This course has no measurement plan');
    expect(items('.suggestion')).toEqual([
      'PHQ-9 and GAD-7, 24 hours after each dose.',
      'PHQ-9 and GAD-7, every 7 days while the course is in preparation, dosing or integration.',
    ]);
    // Nothing was saved by itself.
    http.expectNone((request) => request.method === 'PUT');

    button('Use the suggested plan').click();
    await settle();
    const put = http.expectOne(PLAN_URL);
    expect(put.request.method).toBe('PUT');
    expect(put.request.headers.get('If-Match')).toBe('"0"');
    expect(put.request.body).toEqual({ rules: SUGGESTED_PLAN });
    put.flush({ rules: SUGGESTED_PLAN, version: 1 });
    await settle();
    expect(items('.plan')).toEqual(planSentences(SUGGESTED_PLAN));
    expect(text('.status-line')).toBe(
      'The suggested plan was saved. Questionnaires will be sent as it says.',
    );
  });

  it('edits the rules and saves them with the version read', async () => {
    await open({ rules: [{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 }], version: 3 });
    expect(items('.plan')).toEqual(['PHQ-9, 24 hours after each dose.']);
    button('Edit the plan').click();
    await settle();
    expect(document.activeElement?.id).toBe('plan-rule-0-instrument');
    await type('plan-rule-0-amount', '48');
    button('Add a rule').click();
    await settle();
    await type('plan-rule-1-instrument', 'PCL5');
    await type('plan-rule-1-amount', '14');
    button('Save the plan').click();
    await settle();

    const put = http.expectOne(PLAN_URL);
    expect(put.request.headers.get('If-Match')).toBe('"3"');
    expect(put.request.body).toEqual({
      rules: [
        { instrument: 'PHQ9', every: 'dosing_session', offsetHours: 48 },
        { instrument: 'PCL5', every: 'days', days: 14 },
      ],
    });
    put.flush({ rules: (put.request.body as MeasurementPlan).rules, version: 4 });
    await settle();
    expect(items('.plan')).toEqual([
      'PHQ-9, 48 hours after each dose.',
      'PCL-5, every 14 days while the course is in preparation, dosing or integration.',
    ]);
  });

  it("names a rule's problem at the rule before anything is sent", async () => {
    await open({ rules: [{ instrument: 'PHQ9', every: 'days', days: 7 }], version: 1 });
    button('Edit the plan').click();
    await settle();
    await type('plan-rule-0-amount', '');
    button('Save the plan').click();
    await settle();
    http.expectNone((request) => request.method === 'PUT');
    expect(text('#plan-rule-0-problems')).toBe('Days between must be a whole number of days from 1 to 90.');
    expect(page.querySelector('#plan-rule-0-amount')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('plan-rule-0-instrument');
  });

  it('the server names a rule: shown at that rule', async () => {
    await open({ rules: [{ instrument: 'PHQ9', every: 'days', days: 7 }], version: 1 });
    button('Edit the plan').click();
    await settle();
    button('Save the plan').click();
    await settle();
    http.expectOne(PLAN_URL).flush(
      {
        error: 'validation_failed',
        message: 'Check the plan.',
        requestId: 'r',
        details: [{ field: 'rules[0].instrument', problem: 'is not offered here' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(text('#plan-rule-0-problems')).toBe('Questionnaire is not offered here.');
  });

  it.each([
    [412, 'version_conflict'],
    [409, 'conflict'],
  ])('%i %s: the plan is read again and the therapist told to check it', async (status, code) => {
    await open({ rules: [{ instrument: 'PHQ9', every: 'days', days: 7 }], version: 1 });
    button('Edit the plan').click();
    await settle();
    button('Save the plan').click();
    await settle();
    http
      .expectOne(PLAN_URL)
      .flush({ error: code, message: 'Changed.', requestId: 'r' }, { status, statusText: 'Conflict' });
    await settle();
    const reread = http.expectOne(PLAN_URL);
    expect(reread.request.method).toBe('GET');
    reread.flush({ rules: [{ instrument: 'GAD7', every: 'days', days: 14 }], version: 2 });
    await settle();
    expect(text('kap-error-banner')).toBe(PLAN_CONFLICT_MESSAGE);
    expect(items('.plan')).toEqual([
      'GAD-7, every 14 days while the course is in preparation, dosing or integration.',
    ]);
    expect(page.querySelector('.plan-editor')).toBeNull();
  });
});
