/**
 * Keyset paging, one way for every list that pages: `first` items after the cursor of the last item
 * an earlier page showed. A cursor is that item's sort key, opaque to clients (base64url JSON), so a
 * page never skips or repeats an item when others are added before it.
 */
import { ApiError } from './api-error';

export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ApiError('PAGE_SIZE_OUT_OF_RANGE', `first must be 1 to ${MAX_PAGE_SIZE}`, 'first');
  }
}

export function encodeCursor(sortKey: readonly string[]): string {
  return Buffer.from(JSON.stringify(sortKey)).toString('base64url');
}

/** The sort key a cursor carries, which must have `length` parts; INVALID_CURSOR for anything else. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const sortKey: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(sortKey) && sortKey.length === length && sortKey.every((part) => typeof part === 'string')) {
      return sortKey as string[];
    }
  } catch {
    // Reported below, like any other malformed cursor.
  }
  throw new ApiError('INVALID_CURSOR', 'after must be a cursor returned by an earlier page', 'after');
}
