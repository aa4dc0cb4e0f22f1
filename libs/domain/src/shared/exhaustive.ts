/**
 * Endings for switches over commands and events. Both take `never`, so adding a command or an event
 * type is a compile error until every switch handles it; they differ in what happens if something
 * unexpected arrives at run time anyway.
 */
import { ValidationError } from './domain-error';

/** A command nobody handles is the caller's mistake: reject it. */
export function rejectUnknownCommand(command: never): never {
  const { type } = command as { type?: unknown };
  throw new ValidationError('COMMAND.UNKNOWN_TYPE', `Unknown command type ${JSON.stringify(type)}`, 'type');
}

/**
 * An event this fold does not know (one from a newer catalog, or filed on the wrong stream) is a fact
 * all the same: it leaves the state as it was instead of breaking the stream for every later command.
 */
export function ignoreUnknownEvent<State>(_event: never, state: State): State {
  return state;
}
