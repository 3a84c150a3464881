/** The body of every 4xx and 5xx answer. Contract: docs/api.md "Conventions". */
export interface ErrorBody {
  error: string;
  message: string;
  requestId: string;
  details?: ErrorDetail[] | unknown;
}

/** One problem with one field, named as a JSON path with 0-based indexes (`items[3]`). */
export interface ErrorDetail {
  field: string;
  problem: string;
}

/** Every list answers one page and an opaque cursor for the next (keyset pagination). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;
