import { inject } from '@angular/core';
import type { ActivatedRouteSnapshot, ResolveFn } from '@angular/router';
import type { Outcome, OutcomeTrend, Page, PatientForMedicalTeam } from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';
import { firstValueFrom } from 'rxjs';
import { OutcomesApi } from '../data-access/outcomes-api';

/** The route data key under which the trend route's resolver leaves the reads it started. */
export const TREND_READS = 'trendReads';

/**
 * The instruments drawn as a chart (`isCharted`: those with a total). Written out here rather than
 * taken from the domain table, which is a lazy chunk this start-up file must not pull in; a test
 * keeps the two in step.
 */
export const CHARTED_CODES: readonly InstrumentCode[] = ['PHQ9', 'GAD7', 'PCL5', 'PEG', 'CGI_S', 'CGI_I'];

/** The three reads of a trend page, already on their way, for the page to take once. */
export interface TrendReads {
  readonly patientId: string;
  readonly code: InstrumentCode;
  readonly patient: Promise<PatientForMedicalTeam>;
  readonly trend: Promise<OutcomeTrend>;
  readonly list: Promise<Page<Outcome>>;
  taken: boolean;
}

/**
 * Starts a trend page's reads as soon as the guards have let the navigation through, while the
 * router still loads the page's chunks (it fetches `loadComponent` after the resolvers), instead
 * of after them in the page's constructor: on a slow network that is the round trips of the
 * page's chunk and of the chunks it imports. It never holds the navigation up: it answers at once
 * with the reads in flight, and the page awaits them (and shows its loading and error states) as
 * if it had started them. Charted instruments only; the page reads anything else itself.
 */
export const trendReadsResolver: ResolveFn<TrendReads | null> = (route: ActivatedRouteSnapshot) => {
  const patientId = route.paramMap.get('id');
  const code = CHARTED_CODES.find((c) => c === route.paramMap.get('instrument'));
  if (!patientId || !code) return null;
  const api = inject(OutcomesApi);
  const reads: TrendReads = {
    patientId,
    code,
    patient: firstValueFrom(api.patient(patientId)),
    trend: firstValueFrom(api.trend(patientId, code)),
    list: firstValueFrom(api.list(patientId, code)),
    taken: false,
  };
  // Left untaken (the navigation was cancelled), a failure must not surface as an unhandled
  // rejection; the page, when it takes them, still sees it.
  for (const read of [reads.patient, reads.trend, reads.list]) read.catch(() => undefined);
  return reads;
};

/** The reads the resolver started for this patient and instrument, once; null when there are none. */
export function takeTrendReads(
  route: ActivatedRouteSnapshot | null | undefined,
  patientId: string,
  code: InstrumentCode,
): TrendReads | null {
  const reads = route?.data?.[TREND_READS] as TrendReads | null | undefined;
  if (!reads || reads.taken || reads.patientId !== patientId || reads.code !== code) return null;
  reads.taken = true;
  return reads;
}
