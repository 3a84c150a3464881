/**
 * Loaders for the outcome pages, for `loadComponent` in the app's routes. Only these dynamic
 * imports cross the barrel, so the pages, Angular Material and Chart.js stay in lazy chunks. Each
 * page is its module's default export, which the router takes as it is: the initial bundle (at its
 * 300 kB budget) holds no `.then((m) => m.Page)` for them.
 */
export const outcomePages = {
  scoreEntry: () => import('./score-entry/score-entry-page'),
  trend: () => import('./trend/trend-page'),
  alerts: () => import('./alerts/alerts-page'),
  /** The patient's own questionnaire link (`/q/:token`): public, plain HTML, a small chunk of its own. */
  questionnaire: () => import('./questionnaire/public-questionnaire-page'),
  /** The trend route's resolver (starts the page's reads), with the outcomes API client it uses. */
  trendReads: () => import('./trend-reads-entry').then((m) => m.trendReadsResolver),
};

/**
 * The route data key of the trend route's resolver; the same as `TREND_READS` in trend-reads.ts
 * (a test keeps them equal), written out so that the route table does not load that file.
 */
export const TREND_READS = 'trendReads';
