/**
 * When the fold's own judgement of a journey changes with time alone, no new fact coming: a promise
 * still pending breaks the millisecond after its due time, and a first-contact resolution stops being
 * provisional when its repeat-contact window closes. The rules have deadlines of their own
 * (`FindingRule.changesAt`); judgement.ts takes the earliest of both.
 */
import type { Journey } from './journey';
import { instantOf } from './journey-fact';

/** The instants (ms) after `judgedAt` at which the fold, judging again, would say something else. */
export function foldChangesAt(journey: Journey, repeatContactWindowMs: number): number[] {
  const instants: number[] = [];
  for (const promise of [...journey.callbacks, ...journey.expectations]) {
    if (promise.status === 'pending' && promise.dueBy !== null) instants.push(instantOf(promise.dueBy) + 1);
  }
  const { metrics } = journey;
  if (metrics.outcomeProvisional && metrics.resolvedAt !== null) {
    instants.push(instantOf(metrics.resolvedAt) + repeatContactWindowMs);
  }
  return instants;
}
