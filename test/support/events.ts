/** Small factories for test events and helpers to drain the client's async iterables. */
import { jsonEvent, type JSONEventType, type ResolvedEvent } from '@eventstore/db-client';

export type TestEvent = JSONEventType<'TestHappened', { n: number }>;

export function testEvent(n: number, id?: string) {
  return jsonEvent<TestEvent>({ type: 'TestHappened', data: { n }, ...(id ? { id } : {}) });
}

export function testEvents(count: number, from = 0) {
  return Array.from({ length: count }, (_, index) => testEvent(from + index));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export function numbersOf(events: ResolvedEvent[]): number[] {
  return events.map((resolved) => (resolved.event?.data as { n: number }).n);
}
