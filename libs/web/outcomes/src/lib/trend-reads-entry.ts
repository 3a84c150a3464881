import { Router } from '@angular/router';
import { trendReadsResolver } from './trend/trend-reads';

/**
 * The lazy chunk of the trend route's resolver (`outcomePages.trendReads`), kept out of the
 * initial bundle with the outcomes API client it uses.
 *
 * `Router` is referenced so that this chunk reaches the same framework files as the pages do.
 * esbuild groups files by the set of chunks that reach them; an entry reaching Angular's core and
 * HttpClient but not the router split the framework's initial chunk in three around it (measured:
 * 670 bytes more of cross-chunk imports in the initial bundle, which is at its 300 kB budget).
 */
export const routerReachedForChunking: unknown = Router;

export { trendReadsResolver };
