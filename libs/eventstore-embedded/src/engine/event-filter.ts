/** Server-side filters on `$all`, by stream name or event type, as a prefix list or a regular expression. */
import { InvalidArgumentError } from './engine-errors';

export interface EventFilterSpec {
  on: 'stream' | 'event-type';
  prefixes?: string[];
  regex?: string;
}

export interface EventFilter {
  matches(streamName: string, eventType: string): boolean;
}

export function compileEventFilter(spec: EventFilterSpec): EventFilter {
  const test = compileExpression(spec);
  return spec.on === 'stream'
    ? { matches: (streamName) => test(streamName) }
    : { matches: (_streamName, eventType) => test(eventType) };
}

function compileExpression({ prefixes, regex }: EventFilterSpec): (value: string) => boolean {
  if (regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(regex);
    } catch (error) {
      throw new InvalidArgumentError(`Invalid filter regex '${regex}': ${(error as Error).message}`);
    }
    return (value) => pattern.test(value);
  }
  if (prefixes && prefixes.length > 0) return (value) => prefixes.some((prefix) => value.startsWith(prefix));
  throw new InvalidArgumentError('A filter needs a regex or at least one prefix.');
}
