/**
 * Server-side filters on `$all`, by stream name or event type, as a prefix list or a regular expression.
 *
 * A filter's regex comes from any client and runs on the store's one thread over every event it
 * scans, so it must never be able to stop the store: `^(a|a)*$` over a stream named `aaaa…a!`
 * backtracks 2^n times in V8's usual engine. So, with JavaScript's regex semantics kept:
 * - V8 switches a match to its linear-time engine once it backtracks too much
 *   (`--enable-experimental-regexp-engine-on-excessive-backtracks`, set here when this module loads,
 *   so every process that embeds the store has it: the API, the standalone store, tests; Node refuses
 *   V8 flags in NODE_OPTIONS, and a flag on each command line would miss the embedders);
 * - a pattern the linear engine cannot run (backreferences, lookaround, large counted repetitions)
 *   would keep backtracking, so it is refused, as is a pattern or prefix list past a size bound.
 */
import { setFlagsFromString } from 'node:v8';
import { InvalidArgumentError } from './engine-errors';

setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
// Makes the `l` (linear) flag available, which is how a pattern is checked for a bounded fallback.
setFlagsFromString('--enable-experimental-regexp-engine');

export const MAX_FILTER_REGEX_LENGTH = 1_000;
export const MAX_FILTER_PREFIXES = 1_000;
export const MAX_FILTER_PREFIX_LENGTH = 1_000;

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
    const pattern = boundedRegex(regex);
    return (value) => pattern.test(value);
  }
  if (prefixes && prefixes.length > 0) {
    if (prefixes.length > MAX_FILTER_PREFIXES) {
      throw new InvalidArgumentError(`A filter takes at most ${MAX_FILTER_PREFIXES} prefixes; this one has ${prefixes.length}.`);
    }
    const tooLong = prefixes.find((prefix) => prefix.length > MAX_FILTER_PREFIX_LENGTH);
    if (tooLong !== undefined) {
      throw new InvalidArgumentError(`A filter prefix may be at most ${MAX_FILTER_PREFIX_LENGTH} characters; one has ${tooLong.length}.`);
    }
    return (value) => prefixes.some((prefix) => value.startsWith(prefix));
  }
  throw new InvalidArgumentError('A filter needs a regex or at least one prefix.');
}

function boundedRegex(regex: string): RegExp {
  if (regex.length > MAX_FILTER_REGEX_LENGTH) {
    throw new InvalidArgumentError(`A filter regex may be at most ${MAX_FILTER_REGEX_LENGTH} characters; this one has ${regex.length}.`);
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(regex);
  } catch (error) {
    throw new InvalidArgumentError(`Invalid filter regex '${regex}': ${(error as Error).message}`);
  }
  try {
    // eslint-disable-next-line no-invalid-regexp -- `l` exists once the flag above is set
    new RegExp(regex, 'l');
  } catch {
    throw new InvalidArgumentError(
      `Filter regex '${regex}' cannot be matched in bounded time: backreferences, lookahead, lookbehind and large counted ` +
        'repetitions ({n,m} with a large m) are not accepted in filters. Use prefixes, or a pattern without them.',
    );
  }
  return pattern;
}
