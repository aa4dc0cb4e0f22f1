/**
 * Keyset paging, one way for every list that pages: `first` items after the cursor of the last item
 * an earlier page showed. A cursor is that item's sort key, opaque to clients (base64url JSON), so a
 * page never skips or repeats an item when others are added before it.
 */
import { isId, isStreamName, isTimestamp, ValidationError } from '@hindsight/domain';

export const MAX_PAGE_SIZE = 100;

export function checkPageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError('PAGE_SIZE_OUT_OF_RANGE', `first must be 1 to ${MAX_PAGE_SIZE}`, 'first');
  }
}

export function encodeCursor(sortKey: readonly string[]): string {
  return Buffer.from(JSON.stringify(sortKey)).toString('base64url');
}

/** What each part of a sort key is: an instant (ISO-8601), an id (a review's), a stream name (a journey's id). */
export type CursorPart = 'instant' | 'id' | 'streamName';

const isPart: Readonly<Record<CursorPart, (part: string) => boolean>> = {
  instant: (part) => isTimestamp(part) && !Number.isNaN(Date.parse(part)),
  id: isId,
  streamName: isStreamName,
};

/**
 * The sort key a cursor carries, one value per part of `parts`; INVALID_CURSOR for anything else. Each
 * part is checked too: a forged cursor must not reach the database with a date it cannot read or a NUL.
 */
export function decodeCursor(cursor: string, parts: readonly CursorPart[]): string[] {
  try {
    const sortKey: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(sortKey) &&
      sortKey.length === parts.length &&
      sortKey.every((part, index) => typeof part === 'string' && isPart[parts[index]](part))
    ) {
      return sortKey as string[];
    }
  } catch {
    // Reported below, like any other malformed cursor.
  }
  throw new ValidationError('INVALID_CURSOR', 'after must be a cursor returned by an earlier page', 'after');
}
