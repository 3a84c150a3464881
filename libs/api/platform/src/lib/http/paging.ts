import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '@kap/shared/contracts';
import { ValidationFailed } from '@kap/shared/domain';

/** `?limit=&cursor=` of every list. */
export class PageQuery {
  // Declared by hand: the OpenAPI compiler plugin reads only the `*-requests.ts` files.
  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `must be a whole number from 1 to ${PAGE_LIMIT_MAX}` })
  @Min(1, { message: `must be a whole number from 1 to ${PAGE_LIMIT_MAX}` })
  @Max(PAGE_LIMIT_MAX, { message: `must be a whole number from 1 to ${PAGE_LIMIT_MAX}` })
  limit?: number;

  @ApiPropertyOptional({ description: "The previous page's `nextCursor`.", maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export function pageLimit(query: PageQuery): number {
  return query.limit ?? PAGE_LIMIT_DEFAULT;
}

/**
 * Keyset cursors carry the sort key of the last row seen, so a page never shifts when rows are
 * added before it. Opaque to clients (base64url JSON).
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  shape: readonly ('string' | 'number')[],
): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === shape.length &&
      key.every((part, i) => typeof part === shape[i])
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through to the same answer as a well-formed but foreign cursor
  }
  throw new ValidationFailed([
    { field: 'cursor', problem: 'is not a cursor this list gave out; start again without it' },
  ]);
}

/** Fetch `limit + 1` rows, then call this: it trims the extra row and makes the next cursor. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => (string | number)[],
  map: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}
