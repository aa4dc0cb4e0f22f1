/**
 * Decider tests read as specifications:
 *   spec.given([contactStarted]).when(placeOnHold).then([holdStarted])
 *   spec.given([]).when(placeOnHold).thenThrows('CONTACT.NOT_STARTED')
 */
import type { Command } from '../shared/command';
import { stateFrom, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { Event } from '../shared/event';

export function deciderSpec<State, C extends Command, E extends Event>(decider: Decider<State, C, E>) {
  return {
    given: (history: readonly E[]) => ({
      when: (command: C) => {
        const decision = () => decider.decide(command, stateFrom(decider, history));
        return {
          then: (expected: readonly E[]): void => {
            expect(decision()).toEqual(expected);
          },
          /** Returns the error, for a further look at its category or path. */
          thenThrows: (code: string): DomainError => {
            const error = thrownBy(decision);
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            return error as DomainError;
          },
        };
      },
    }),
  };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the decision to be rejected, but it was accepted');
}
