/**
 * Facts from integrations arrive late, out of order, and now and then on the wrong stream; they are
 * recorded all the same, so every fold must take any catalog event in any order without throwing.
 */
import { callbackDecider } from './callback/callback.decider';
import { caseDecider } from './case/case.decider';
import type { CatalogEvent } from './catalog/event-catalog';
import { contactDecider } from './contact/contact.decider';
import { reviewDecider } from './review/review.decider';
import type { Decider } from './shared/decider';
import { sampleEvents } from './testing/sample-events';

type AnyDecider = Decider<unknown, never, CatalogEvent>;

const deciders = [
  ['contactDecider', contactDecider],
  ['callbackDecider', callbackDecider],
  ['caseDecider', caseDecider],
  ['reviewDecider', reviewDecider],
] as unknown as [string, AnyDecider][];

const everyEvent = sampleEvents();
const eventFromTheFuture = { type: 'SentimentMeasured', data: { score: 0.2 } } as unknown as CatalogEvent;
const SHUFFLES = 200;

describe.each(deciders)('%s evolve', (_name, decider) => {
  const fold = (events: readonly CatalogEvent[]) => events.reduce(decider.evolve, decider.initialState);

  it('takes every event of the catalog after every other, in both orders', () => {
    for (const first of everyEvent) {
      for (const second of everyEvent) {
        expect(() => fold([first, second])).not.toThrow();
      }
    }
  });

  it(`takes the whole catalog in ${SHUFFLES} shuffled orders`, () => {
    const random = seededRandom(20260305);
    for (let round = 0; round < SHUFFLES; round++) {
      expect(() => fold(shuffled(everyEvent, random))).not.toThrow();
    }
  });

  it('leaves the state as it was for an event type it does not know', () => {
    const state = fold(everyEvent);
    expect(decider.evolve(state, eventFromTheFuture)).toBe(state);
  });
});

/** Deterministic, so a failing order can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
