/**
 * The shape every stream category's decision logic takes. `decide` is strict: it rejects a command that
 * makes no sense in the current state. `evolve` is lenient: facts recorded from integrations arrive
 * late and out of order and are never vetoed, so it accepts any event in any order and never throws.
 */
import type { Command } from './command';
import type { Event } from './event';

export interface Decider<State, C extends Command, E extends Event> {
  readonly initialState: State;
  evolve(state: State, event: E): State;
  /** The events that record the command; throws a DomainError to reject it. */
  decide(command: C, state: State): E[];
}

/** The state after `events`, from the beginning of the stream. */
export function stateFrom<State, E extends Event>(
  decider: Pick<Decider<State, never, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
