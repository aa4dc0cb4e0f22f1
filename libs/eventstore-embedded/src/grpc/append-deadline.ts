/**
 * Appends answer their caller's deadline, as EventStoreDB's do. Unary Append has it on the call
 * (grpc-js answers DEADLINE_EXCEEDED there by itself); BatchAppend carries one per append in its
 * options, the call having none, so only the store can keep it.
 */
import { AppendDeadlineExceededError } from '../engine/engine-errors';

/**
 * An append whose deadline passed before it started is not written; one still waiting for its
 * fdatasync when the deadline passes is answered DeadlineExceeded and may yet be written.
 */
export async function beforeDeadline<T>(deadlineMs: number, work: () => Promise<T>): Promise<T> {
  const remaining = deadlineMs - Date.now();
  if (remaining <= 0) throw new AppendDeadlineExceededError();
  if (remaining > MAX_TIMER_MS) return work();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppendDeadlineExceededError()), remaining);
  });
  const written = work();
  written.catch(() => undefined); // its outcome no longer has anyone to go to once the deadline won
  try {
    return await Promise.race([written, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** setTimeout fires at once past 2^31-1 ms (~24 days): a deadline further out than that is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** grpc-js gives a Date, or Infinity when the caller sent no deadline. */
export function deadlineMsOf(deadline: Date | number): number {
  return deadline instanceof Date ? deadline.getTime() : deadline;
}
