/**
 * The journey fold: one pure function from a set of facts to the Journey (see journey.ts). The projector
 * calls it for each journey it touches, GraphQL for what it serves, and replay for a journey as of a
 * moment, so all three tell the same story.
 *
 * It is a function of the *set* of facts: duplicates (by event id) are dropped, and the facts are put in
 * the journey order (occurredAt, then `$all` position) before anything is read, so any arrival order, any
 * split into batches and any re-delivery of the same facts give a deep-equal Journey.
 *
 * It must never read a clock or throw on odd facts. Facts arrive late and out of order from systems we
 * do not control: what does not add up becomes a data-quality note citing the facts, never an error.
 *
 * This file holds the entry points and the walk, which hands each fact to the walk of its stream's
 * category. The fold's other parts, in the order a fact meets them:
 * - journey.preparation.ts: duplicates, unplaceable facts and `asOf` cut; the journey order;
 * - journey.drafts.ts: what the walk keeps for each contact, case, callback and expectation;
 * - contacts.walk.ts, callbacks.walk.ts, cases.walk.ts: what each fact changes, notes and says;
 * - journey.finishing.ts: each draft made the Journey's part, judged as of a moment;
 * - journey.metrics.ts (defined in METRICS.md): the metrics and the outcome;
 * - journey.phrases.ts: the words the sentences share.
 */
import type { CallbackEvent } from '../callback/callback.events';
import type { CaseEvent } from '../case/case.events';
import { eventCatalog, isEventType } from '../catalog/event-catalog';
import type { ContactEvent } from '../contact/contact.events';
import { ValidationError } from '../shared/domain-error';
import { splitStreamName, type StreamName } from '../shared/stream-name';
import { walkCallbackFact } from './callbacks.walk';
import { walkCaseFact } from './cases.walk';
import { walkContactFact } from './contacts.walk';
import type { DataQualityNote, Journey, TimelineEntry } from './journey';
import { JourneyDrafts } from './journey.drafts';
import { comparePositions, instantOf, type JourneyFact } from './journey-fact';
import { finishDrafts, notesOnMissingStarts } from './journey.finishing';
import { measure } from './journey.metrics';
import { describeUnknown } from './journey.phrases';
import { prepare, type OrderedFact, type OrderedFactOf } from './journey.preparation';
import { DAY_MS, isoOrNull } from './journey-time';

/**
 * Repeat contacts and first-contact resolution share one window, so that "resolved at first contact"
 * means exactly "resolved on the first contact and no repeat contact followed". Seven days is the common
 * contact-centre convention for FCR: long enough to catch the customer who tries the fix and calls back
 * after the weekend, short enough that an unrelated later problem rarely lands in it (and a later problem
 * is a journey of its own unless a fact links it). 24 hours would miss exactly the call-back-on-Monday.
 */
export const DEFAULT_REPEAT_CONTACT_WINDOW_MS = 7 * DAY_MS;

export interface FoldJourneyOptions {
  /**
   * Fold the journey as of this ISO-8601 instant: facts after it (by `clock`) are left out, and open
   * promises and silences are judged against it. Without it, they are judged against the last fact's
   * `occurredAt`, so the journey depends on the facts alone (a promise nobody kept is broken once a later
   * fact shows its due time passed). The fold never reads a clock: a caller who wants "now" passes it.
   */
  readonly asOf?: string;
  /**
   * Judge the journey as of this ISO-8601 instant without leaving any fact out: the projector's "now",
   * so that a quiet journey ages. A fact after it (a sender's clock ahead of ours) moves the judgement to
   * that fact: a journey is never judged before its own last fact. `asOf`, when given, wins.
   */
  readonly judgeAt?: string;
  /** Which clock `asOf` cuts on: what had happened by then (`occurred`, default) or what we knew (`recorded`). */
  readonly clock?: 'occurred' | 'recorded';
  /** See DEFAULT_REPEAT_CONTACT_WINDOW_MS. */
  readonly repeatContactWindowMs?: number;
}

// ---------------------------------------------------------------------------------------------------------

export function foldJourney(facts: readonly JourneyFact[], options: FoldJourneyOptions = {}): Journey {
  const asOf = instantOption(options.asOf, 'asOf');
  const judgeAt = instantOption(options.judgeAt, 'judgeAt');
  const prepared = prepare(facts, asOf, options.clock ?? 'occurred');
  const journeyWalk = new JourneyWalk(options.repeatContactWindowMs ?? DEFAULT_REPEAT_CONTACT_WINDOW_MS);
  for (const fact of prepared.ordered) journeyWalk.add(fact);
  return journeyWalk.judge(asOf ?? journeyWalk.notBefore(judgeAt), prepared.notes);
}

/** One step of a replay: an event, and the journey after it, judged as of the event's instant on the step's clock. */
export interface JourneyAfterStep {
  /** The event of this step, as the whole journey's timeline shows it. */
  readonly entry: TimelineEntry;
  /** The instant the step is judged at: the event's occurredAt or recordedAt, by clock. */
  readonly asOf: string;
  /** The journey after this event. */
  readonly journey: Journey;
}

/**
 * The journey after each of its events, one step per event: in timeline order on the `occurred` clock, in
 * the order Hindsight recorded them on the `recorded` clock. Each step is exactly `foldJourney` of the facts
 * up to that event, as of its instant: the same walk, taken one fact further at each step and judged there,
 * instead of walked again from the start. A fact recorded late belongs earlier in the journey than facts
 * already walked; the walk starts again from the beginning then.
 */
export function* foldJourneySteps(
  facts: readonly JourneyFact[],
  options: Omit<FoldJourneyOptions, 'asOf'> = {},
): Generator<JourneyAfterStep> {
  const clock = options.clock ?? 'occurred';
  const windowMs = options.repeatContactWindowMs ?? DEFAULT_REPEAT_CONTACT_WINDOW_MS;
  const { ordered, notes } = prepare(facts, null, clock);
  const wholeWalk = new JourneyWalk(windowMs);
  for (const fact of ordered) wholeWalk.add(fact);
  const timeline = wholeWalk.judge(null, notes).timeline;
  const stepOrder =
    clock === 'occurred'
      ? ordered
      : [...ordered].sort((a, b) => a.recorded - b.recorded || comparePositions(a.position, b.position));
  const placeOf = new Map(ordered.map((fact, index) => [fact.eventId, index]));
  const seen = new Set<string>();
  let journeyWalk = new JourneyWalk(windowMs);
  let walkedTo = -1;
  for (const [index, step] of stepOrder.entries()) {
    seen.add(step.eventId);
    const place = placeOf.get(step.eventId)!;
    if (place > walkedTo) {
      journeyWalk.add(step);
      walkedTo = place;
    } else {
      journeyWalk = new JourneyWalk(windowMs);
      for (const fact of ordered.slice(0, walkedTo + 1)) if (seen.has(fact.eventId)) journeyWalk.add(fact);
    }
    const notesSoFar = notes.filter((note) => note.eventIds.some((eventId) => seen.has(eventId)));
    yield {
      entry: timeline[clock === 'occurred' ? index : place],
      asOf: clock === 'occurred' ? step.occurredIso : step.recordedIso,
      journey: journeyWalk.judge(clock === 'occurred' ? step.at : step.recorded, notesSoFar),
    };
  }
}

function instantOption(text: string | undefined, name: 'asOf' | 'judgeAt'): number | null {
  const at = text === undefined ? null : instantOf(text);
  if (at !== null && Number.isNaN(at)) {
    const code = name === 'asOf' ? 'JOURNEY.INVALID_AS_OF' : 'JOURNEY.INVALID_JUDGE_AT';
    throw new ValidationError(code, `${name} must be an ISO-8601 instant, not "${text}"`, name);
  }
  return at;
}

/** One walk through a journey's facts, in journey order, that can be judged after any of them and go on. */
class JourneyWalk {
  private readonly windowMs: number;
  private readonly drafts = new JourneyDrafts();
  private readonly timeline: TimelineEntry[] = [];
  private readonly streams: StreamName[] = [];
  private readonly seenStreams = new Set<StreamName>();
  private startedAt: number | null = null;
  private lastActivityAt: number | null = null;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** The next fact in journey order. */
  add(fact: OrderedFact): void {
    this.startedAt ??= fact.at;
    this.lastActivityAt = fact.at;
    if (!this.seenStreams.has(fact.streamName)) {
      this.seenStreams.add(fact.streamName);
      this.streams.push(fact.streamName);
    }
    this.timeline.push(timelineEntry(fact, walkFact(this.drafts, fact)));
  }

  /** `at`, or the last fact added when that is later (or `at` is null). */
  notBefore(at: number | null): number | null {
    if (at === null || this.lastActivityAt === null) return this.lastActivityAt;
    return Math.max(at, this.lastActivityAt);
  }

  /** The journey of the facts added so far, judged as of `asOf` (or the last fact); the walk can go on after. */
  judge(asOf: number | null, preparationNotes: readonly DataQualityNote[]): Journey {
    const { drafts, windowMs, startedAt, lastActivityAt } = this;
    const judgedAt = asOf ?? lastActivityAt;
    const notes = [...preparationNotes, ...drafts.notes, ...notesOnMissingStarts(drafts)];
    const { contacts, cases, callbacks, expectations } = finishDrafts(drafts, judgedAt, windowMs);
    const metrics = measure({ contacts, cases, callbacks, expectations, startedAt, judgedAt, windowMs });
    return {
      customerId: drafts.customerId,
      streams: [...this.streams],
      startedAt: isoOrNull(startedAt),
      lastActivityAt: isoOrNull(lastActivityAt),
      judgedAt: isoOrNull(judgedAt),
      timeline: [...this.timeline],
      contacts,
      cases,
      callbacks,
      expectations,
      metrics,
      notes,
    };
  }
}

/**
 * Hands the fact to the walk of its stream's category, once, and returns its sentence. A fact of a type the
 * fold does not know, or on a stream of the wrong kind, is shown but changes no draft.
 */
function walkFact(drafts: JourneyDrafts, fact: OrderedFact): string {
  const { category, id } = splitStreamName(fact.streamName);
  if (!isEventType(fact.type)) return describeUnknown(fact as never);
  const belongsOn = eventCatalog[fact.type].category;
  if (belongsOn !== category) {
    drafts.note(
      'event_on_wrong_stream',
      fact.streamName,
      `${fact.type} belongs on a ${belongsOn} stream; it is shown but not counted`,
      [fact.eventId],
    );
    return `${fact.type} recorded on ${fact.streamName}, which is the wrong kind of stream.`;
  }
  // The catalog puts the fact's type on this category, so it is one of that walk's facts.
  switch (belongsOn) {
    case 'contact':
      return walkContactFact(drafts, fact as OrderedFactOf<ContactEvent>, id);
    case 'callback':
      return walkCallbackFact(drafts, fact as OrderedFactOf<CallbackEvent>, id);
    case 'case':
      return walkCaseFact(drafts, fact as OrderedFactOf<CaseEvent>, id);
    default:
      // A review's or a privacy stream's event: about a journey, never part of one.
      return describeUnknown(fact as never);
  }
}

function timelineEntry(fact: OrderedFact, description: string): TimelineEntry {
  return {
    type: fact.type,
    data: fact.data,
    eventId: fact.eventId,
    streamName: fact.streamName,
    occurredAt: fact.occurredIso,
    recordedAt: fact.recordedIso,
    position: fact.position.toString(),
    source: fact.source,
    description,
  } as TimelineEntry;
}
