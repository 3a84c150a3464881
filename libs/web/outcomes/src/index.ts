// Only the page loaders and the trend route's resolver: anything else exported here would be
// loaded with the app shell. The resolver is meant to be (it starts the trend page's reads while
// the page's chunks load) and is small: the outcomes API client and a few lines.
export * from './lib/outcome-pages';
export { TREND_READS, trendReadsResolver } from './lib/trend/trend-reads';
