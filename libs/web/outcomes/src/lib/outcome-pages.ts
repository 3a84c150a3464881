/**
 * Loaders for the outcome pages, for `loadComponent` in the app's routes. Only these dynamic
 * imports cross the barrel, so the pages, Angular Material and Chart.js stay in lazy chunks.
 */
export const outcomePages = {
  scoreEntry: () => import('./score-entry/score-entry-page').then((m) => m.ScoreEntryPage),
  trend: () => import('./trend/trend-page').then((m) => m.TrendPage),
  alerts: () => import('./alerts/alerts-page').then((m) => m.AlertsPage),
};
