import { TREND_READS as ROUTE_KEY } from './outcome-pages';
import { TREND_READS } from './trend/trend-reads';

describe('outcome pages', () => {
  it('names the trend reads in the route data as the trend page looks for them', () => {
    // Written out twice so that the route table does not load trend-reads.ts (see outcome-pages.ts).
    expect(ROUTE_KEY).toBe(TREND_READS);
  });
});
