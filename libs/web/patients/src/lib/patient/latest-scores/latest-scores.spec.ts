import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { OutcomeTrend, TrendPoint } from '@kap/shared/contracts';
import { settle } from '../../../testing/patient-fixtures';
import { LatestScores } from './latest-scores';

const point = (
  outcomeId: string,
  administeredAt: string,
  total: number,
  changeFromBaseline: number,
): TrendPoint => ({
  outcomeId,
  administeredAt,
  total,
  severity: null,
  changeFromBaseline,
  reliableChange: 'none',
  response: false,
  remission: false,
  source: 'clinician',
});

const trend = (instrument: OutcomeTrend['instrument'], points: TrendPoint[]): OutcomeTrend => ({
  instrument,
  baseline: points[0],
  points,
  reliableChangeThreshold: null,
  reliableChangeSource: null,
  events: [],
});

describe('LatestScores', () => {
  it('draws a sparkline per instrument from the trends it loads: hidden where the row says the change, described where not', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LatestScores);
    fixture.componentRef.setInput('patientId', 'p-1');
    await settle(fixture);
    http.expectOne('/api/patients/p-1/outcomes?limit=200').flush({
      items: [
        { instrument: 'CGI_I', voidedAt: null },
        { instrument: 'GAD7', voidedAt: null },
      ],
      nextCursor: null,
    });
    await settle(fixture);
    // One trend per instrument shown, nothing more.
    http
      .expectOne('/api/patients/p-1/outcomes/trend?instrument=GAD7')
      .flush(
        trend('GAD7', [
          point('a', '2026-10-01T10:00:00.000Z', 15, 0),
          point('b', '2026-11-01T10:00:00.000Z', 8, -7),
        ]),
      );
    http
      .expectOne('/api/patients/p-1/outcomes/trend?instrument=CGI_I')
      .flush(
        trend('CGI_I', [
          point('c', '2026-10-15T10:00:00.000Z', 4, 0),
          point('d', '2026-11-01T10:00:00.000Z', 2, -2),
        ]),
      );
    await settle(fixture);
    http.verify();

    const cards = Array.from(
      (fixture.nativeElement as HTMLElement).querySelectorAll('ul[aria-label="Latest scores"] li'),
    );
    expect(cards).toHaveLength(2);
    const [gad, cgi] = cards.map((card) => card.querySelector('svg.sparkline') as SVGSVGElement);
    expect(cards[0].textContent).toContain('−7 from baseline 15');
    expect(gad.getAttribute('aria-hidden')).toBe('true');
    expect(gad.getAttribute('role')).toBeNull();
    expect(gad.getAttribute('viewBox')).toBe('0 0 96 28');
    expect(gad.querySelector('polyline')?.getAttribute('points')).toBe('3,9.3 93,16.6');
    expect(gad.querySelector('circle')?.getAttribute('cx')).toBe('93');

    expect(cgi.getAttribute('aria-hidden')).toBeNull();
    expect(cgi.getAttribute('role')).toBe('img');
    expect(cgi.getAttribute('aria-label')).toBe('Scores, oldest first: 4, 2');
  });
});
