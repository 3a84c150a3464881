import { provideHttpClient, withInterceptors, type HttpInterceptorFn } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { PublicQuestionnaire, SubmitQuestionnaireRequest } from '@kap/shared/contracts';
import { selfReportForm, type InstrumentCode } from '@kap/shared/domain';
import { WIDE_WINDOW } from '@kap/web/ui';
import { storageKey } from './answer-sheet';
import { LINK_CLOSED, PublicQuestionnairePage, QUESTIONNAIRE_STORAGE } from './public-questionnaire-page';

const TOKEN = 'tok-0123456789abcdef0123456789';
const URL = `/api/q/${TOKEN}`;

function questionnaire(...codes: InstrumentCode[]): PublicQuestionnaire {
  return {
    practiceName: 'Calm Harbor Therapy',
    firstName: 'Jo',
    expiresAt: '2026-12-07T14:00:00.000Z',
    instruments: codes.map((code) => {
      const form = selfReportForm(code);
      return {
        code,
        name: form.name,
        instructions: form.instructions,
        items: form.items,
        difficulty: form.difficulty,
      };
    }),
  };
}

describe('PublicQuestionnairePage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;
  const wide = signal(false);
  const interceptor = vi.fn<HttpInterceptorFn>((req, next) => next(req));

  async function open(answer: PublicQuestionnaire | { status: number; body: object }): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        // An app interceptor (the session-expired one) must never see this page's calls.
        provideHttpClient(withInterceptors([interceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: 'q/:token', component: PublicQuestionnairePage }]),
        { provide: WIDE_WINDOW, useValue: wide },
        { provide: QUESTIONNAIRE_STORAGE, useValue: sessionStorage },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/q/${TOKEN}`);
    page = harness.routeNativeElement as HTMLElement;
    const request = http.expectOne(URL);
    expect(request.request.method).toBe('GET');
    if ('status' in answer) request.flush(answer.body, { status: answer.status, statusText: 'Error' });
    else request.flush(answer);
    await settle();
  }

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  beforeEach(() => {
    sessionStorage.clear();
    wide.set(false);
    interceptor.mockClear();
  });

  afterEach(() => {
    http.verify();
    expect(interceptor).not.toHaveBeenCalled();
  });

  const text = (selector: string) =>
    page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const fieldsets = () => Array.from(page.querySelectorAll<HTMLFieldSetElement>('fieldset.question'));
  const button = (label: string) =>
    Array.from(page.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === label,
    ) as HTMLButtonElement;

  async function choose(labelText: string, fieldset: HTMLElement = fieldsets()[0]): Promise<void> {
    const label = Array.from(fieldset.querySelectorAll('label')).find(
      (l) => l.textContent?.trim() === labelText,
    );
    if (!label) throw new Error(`no answer "${labelText}" in ${fieldset.textContent}`);
    label.querySelector('input')?.click();
    await settle();
  }

  async function next(): Promise<void> {
    (page.querySelector('form button[type="submit"]') as HTMLButtonElement).click();
    await settle();
  }

  /** On a phone: answers each question with the label given, screen by screen. */
  async function answerScreens(labels: string[]): Promise<void> {
    for (const label of labels) {
      await choose(label);
      await next();
    }
  }

  it('on a phone: the practice and first name only, one question per screen, progress, Back and Next', async () => {
    await open(questionnaire('PHQ9', 'GAD7'));
    expect(text('.bar')).toBe('Calm Harbor Therapy');
    expect(text('h1')).toBe('Hello Jo');
    expect(text('.lead')).toBe(
      'Calm Harbor Therapy asks you to answer 2 short questionnaires. Your answers go to your therapist.',
    );
    // 9 + the closing question, 7 + the closing question.
    expect(text('.progress')).toBe('Question 1 of 18');
    expect(fieldsets()).toHaveLength(1);
    expect(text('fieldset legend')).toBe('Little interest or pleasure in doing things');
    expect(Array.from(fieldsets()[0].querySelectorAll('label')).map((l) => l.textContent?.trim())).toEqual([
      'Not at all',
      'Several days',
      'More than half the days',
      'Nearly every day',
    ]);
    expect(button('Back').disabled).toBe(true);

    // Next without an answer says so at the question and stays.
    await next();
    expect(text('.field-error')).toBe('Choose an answer to go on.');
    expect(fieldsets()[0].getAttribute('aria-describedby')).toBe('error-0.0');
    expect(document.activeElement?.tagName).toBe('LEGEND');
    expect(text('.progress')).toBe('Question 1 of 18');

    await choose('Several days');
    expect(page.querySelector('.field-error')).toBeNull();
    await next();
    expect(text('.progress')).toBe('Question 2 of 18');
    // The greeting's lead is for the first screen; the others keep to their question.
    expect(page.querySelector('.lead')).toBeNull();
    expect(text('fieldset legend')).toBe('Feeling down, depressed, or hopeless');
    expect(document.activeElement?.textContent?.trim()).toBe('Feeling down, depressed, or hopeless');
    button('Back').click();
    await settle();
    expect(text('.progress')).toBe('Question 1 of 18');
    expect(
      fieldsets()[0].querySelector<HTMLInputElement>('input:checked')?.parentElement?.textContent?.trim(),
    ).toBe('Several days');
  });

  it('on a wider screen: every question on one page, grouped by questionnaire, with its number', async () => {
    wide.set(true);
    await open(questionnaire('PHQ9', 'GAD7'));
    expect(fieldsets()).toHaveLength(18);
    expect(
      Array.from(page.querySelectorAll('section.instrument h2')).map((h) => h.textContent?.trim()),
    ).toEqual(['Patient Health Questionnaire (PHQ-9)', 'Generalized Anxiety Disorder scale (GAD-7)']);
    expect(fieldsets()[2].querySelector('.number')?.textContent?.trim()).toBe('Question 3 of 18');
    expect(text('[data-question="0.difficulty"] legend')).toContain('(optional)');
    expect(text('.progress')).toBe('0 of 18 questions answered');

    // Sending with questions left out marks each one and moves to the first.
    await next();
    expect(text('.send-error')).toBe('16 questions still need an answer.');
    expect(page.querySelectorAll('fieldset.needs-answer')).toHaveLength(16);
    expect(document.activeElement?.closest('fieldset')?.getAttribute('data-question')).toBe('0.0');
    http.expectNone(URL);
  });

  it('asks the C-SSRS follow-up questions only after a yes, and sends the skipped ones as no', async () => {
    await open(questionnaire('CSSRS_SCREEN'));
    expect(text('.progress')).toBe('Question 1 of 3');
    await answerScreens(['No', 'Yes']);
    expect(text('.progress')).toBe('Question 3 of 6');
    button('Back').click();
    await settle();
    await answerScreens(['No']);
    // Questions 3–5 are skipped again; question 6 is the third asked, and the last.
    expect(text('.progress')).toBe('Question 3 of 3');
    expect(button('Send my answers')).toBeTruthy();
    await choose('No');
    await next();
    const sent = http.expectOne(URL);
    expect(sent.request.body).toEqual({
      answers: [{ instrument: 'CSSRS_SCREEN', items: [false, false, false, false, false, false, false] }],
    });
    sent.flush({ received: 1, crisisResources: false }, { status: 201, statusText: 'Created' });
    await settle();
    expect(text('h1')).toBe('Thank you, Jo');
  });

  it('sends every answer with an Idempotency-Key, and says thank you on 201', async () => {
    await open(questionnaire('GAD7'));
    await answerScreens([
      'Not at all',
      'Several days',
      'Not at all',
      'Not at all',
      'Nearly every day',
      'Not at all',
      'Not at all',
      'Somewhat difficult',
    ]);
    const sent = http.expectOne(URL);
    expect(sent.request.method).toBe('POST');
    expect(sent.request.headers.get('Idempotency-Key')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sent.request.body).toEqual({
      answers: [{ instrument: 'GAD7', items: [0, 1, 0, 0, 3, 0, 0], difficulty: 1 }],
    });
    sent.flush({ received: 1, crisisResources: false }, { status: 201, statusText: 'Created' });
    await settle();

    expect(text('h1')).toBe('Thank you, Jo');
    expect(document.activeElement?.textContent?.trim()).toBe('Thank you, Jo');
    expect(text('main')).toContain('Your answers were sent to Calm Harbor Therapy.');
    expect(page.querySelector('.crisis')).toBeNull();
    // Nothing of the answers stays on the device once they are received.
    expect(sessionStorage.getItem(storageKey(TOKEN))).toBeNull();
  });

  it('shows the crisis line and the practice instructions first when an answer raised a safety alert', async () => {
    await open(questionnaire('PHQ9'));
    await answerScreens([
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Several days',
    ]);
    // The optional closing question may be passed by.
    await next();
    const sent = http.expectOne(URL);
    expect((sent.request.body as SubmitQuestionnaireRequest).answers[0]).toEqual({
      instrument: 'PHQ9',
      items: [0, 0, 0, 0, 0, 0, 0, 0, 1],
    });
    sent.flush({ received: 1, crisisResources: true }, { status: 201, statusText: 'Created' });
    await settle();

    const crisis = page.querySelector('.crisis') as HTMLElement;
    expect(crisis).toBeTruthy();
    // The crisis section comes before the thank-you, and its heading is the page's h1, focused.
    expect(
      crisis.compareDocumentPosition(page.querySelector('.thanks') as Node) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(text('h1')).toBe('Please reach out for support now');
    expect(document.activeElement?.id).toBe('crisis-heading');
    expect(crisis.textContent).toContain('Call or text 988');
    expect(crisis.querySelector('a[href="tel:988"]')).toBeTruthy();
    expect(crisis.querySelector('a[href="sms:988"]')).toBeTruthy();
    expect(crisis.textContent).toContain('call 911');
    expect(crisis.textContent).toContain(
      'Your therapist at Calm Harbor Therapy will see your answers, but nobody watches them around the clock.',
    );
    expect(text('.thanks')).toBe('Thank you, Jo');
  });

  it('keeps the answers through a dropped connection and sends them again with the same key', async () => {
    await open(questionnaire('GAD7'));
    await answerScreens([
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Several days',
    ]);
    await next();
    const first = http.expectOne(URL);
    const key = first.request.headers.get('Idempotency-Key');
    first.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await settle();
    expect(text('.send-error')).toBe(
      'Your answers could not be sent: there is no connection. Your answers are kept on this device: press "Send my answers" again when you are back online.',
    );
    // Kept in this tab, under a key that does not show the token.
    const kept = Object.keys(sessionStorage);
    expect(kept).toEqual([storageKey(TOKEN)]);
    expect(kept[0]).not.toContain(TOKEN);

    await next();
    const second = http.expectOne(URL);
    expect(second.request.headers.get('Idempotency-Key')).toBe(key);
    expect(second.request.body).toEqual(first.request.body);
    second.flush({ received: 1, crisisResources: false }, { status: 201, statusText: 'Created' });
    await settle();
    expect(text('h1')).toBe('Thank you, Jo');
  });

  it('after a reload, the kept answers are back, and changed answers go with a new key', async () => {
    const gad7 = questionnaire('GAD7');
    await open(gad7);
    await answerScreens([
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Several days',
    ]);
    await next();
    const first = http.expectOne(URL);
    const key = first.request.headers.get('Idempotency-Key');
    first.flush(
      { error: 'internal_error', message: 'Something went wrong.', requestId: 'r-1' },
      { status: 500, statusText: 'Server Error' },
    );
    await settle();
    expect(text('.send-error')).toContain('Something went wrong. (Reference: r-1)');

    // The page is opened again in the same tab (a reload).
    TestBed.resetTestingModule();
    await open(gad7);
    expect(text('.progress')).toBe('Question 8 of 8');
    button('Back').click();
    await settle();
    expect(
      fieldsets()[0].querySelector<HTMLInputElement>('input:checked')?.parentElement?.textContent?.trim(),
    ).toBe('Several days');
    await choose('Not at all');
    await next();
    await next();
    const again = http.expectOne(URL);
    expect(again.request.headers.get('Idempotency-Key')).not.toBe(key);
    expect((again.request.body as SubmitQuestionnaireRequest).answers[0].items).toEqual([
      0, 0, 0, 0, 0, 0, 0,
    ]);
    again.flush({ received: 1, crisisResources: false }, { status: 201, statusText: 'Created' });
    await settle();
  });

  it('a 400 naming answers[i].items[j] takes the person back to that question', async () => {
    wide.set(true);
    await open(questionnaire('PHQ9', 'GAD7'));
    for (const fieldset of fieldsets()) {
      if (!fieldset.getAttribute('data-question')?.endsWith('difficulty'))
        await choose(fieldset.querySelector('label')?.textContent?.trim() ?? '', fieldset);
    }
    await next();
    http.expectOne(URL).flush(
      {
        error: 'validation_failed',
        message: 'Check the answers.',
        requestId: 'r',
        details: [{ field: 'answers[1].items[2]', problem: 'item 3 must be a whole number from 0 to 3' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const question = page.querySelector('[data-question="1.2"]') as HTMLElement;
    expect(question.classList).toContain('needs-answer');
    expect(question.querySelector('.field-error')?.textContent).toBe(
      'Please answer this question again: item 3 must be a whole number from 0 to 3.',
    );
    expect(document.activeElement?.closest('fieldset')).toBe(question);
  });

  it('on a phone, the 400 moves to that question screen', async () => {
    await open(questionnaire('GAD7'));
    await answerScreens([
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
    ]);
    await next();
    http.expectOne(URL).flush(
      {
        error: 'validation_failed',
        message: 'Check.',
        requestId: 'r',
        details: [{ field: 'answers[0].items[1]', problem: 'item 2 must be a whole number from 0 to 3' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(text('.progress')).toBe('Question 2 of 8');
    expect(text('.field-error')).toContain('Please answer this question again');
  });

  it('404: the link is not valid', async () => {
    await open({ status: 404, body: { error: 'not_found', message: 'Not found.', requestId: 'r' } });
    expect(text('h1')).toBe('This link is not valid.');
    expect(fieldsets()).toHaveLength(0);
  });

  it('410 link_closed: closed, ask for a new link', async () => {
    await open({ status: 410, body: { error: 'link_closed', message: 'Closed.', requestId: 'r' } });
    expect(text('h1')).toBe(LINK_CLOSED);
    expect(text('main p')).toBe('Ask your therapist for a new link.');
  });

  it('410 on a link this tab answered while the reply was lost: the same answers again bring the reply back', async () => {
    const body = { answers: [{ instrument: 'PHQ9', items: [0, 0, 0, 0, 0, 0, 0, 0, 2] }] };
    sessionStorage.setItem(
      storageKey(TOKEN),
      JSON.stringify({
        sheet: { items: [], difficulty: [] },
        step: 0,
        attempt: { key: 'key-1', body: JSON.stringify(body) },
      }),
    );
    await open({ status: 410, body: { error: 'link_closed', message: 'Closed.', requestId: 'r' } });
    const replay: TestRequest = http.expectOne(URL);
    expect(replay.request.headers.get('Idempotency-Key')).toBe('key-1');
    expect(replay.request.body).toEqual(body);
    replay.flush({ received: 1, crisisResources: true }, { status: 201, statusText: 'Created' });
    await settle();
    expect(text('h1')).toBe('Please reach out for support now');
    expect(text('.thanks')).toBe('Thank you');
  });

  it('410 when sending: the questionnaire closed meanwhile', async () => {
    await open(questionnaire('GAD7'));
    await answerScreens([
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
      'Not at all',
    ]);
    await next();
    http
      .expectOne(URL)
      .flush(
        { error: 'link_closed', message: 'Closed.', requestId: 'r' },
        { status: 410, statusText: 'Gone' },
      );
    await settle();
    expect(text('h1')).toBe(LINK_CLOSED);
    expect(sessionStorage.getItem(storageKey(TOKEN))).toBeNull();
  });

  it('a server that cannot be reached: says so, and tries again on request', async () => {
    await open({
      status: 503,
      body: { error: 'service_unavailable', message: 'The service is unavailable.', requestId: 'r-9' },
    });
    expect(text('h1')).toBe('The questionnaire could not be opened');
    expect(text('main p')).toContain('The service is unavailable. (Reference: r-9)');
    button('Try again').click();
    await settle();
    http.expectOne(URL).flush(questionnaire('PEG'));
    await settle();
    expect(text('h1')).toBe('Hello Jo');
    expect(
      Array.from(fieldsets()[0].querySelectorAll('label')).map((l) => l.textContent?.trim()),
    ).toHaveLength(11);
  });
});
