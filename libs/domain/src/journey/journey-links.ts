/**
 * The explicit links that stitch streams into one journey: a fact on one stream that names another
 * stream's id (a contact's case, the contact it was transferred from, the callback it answers, the case
 * a new case duplicates...). Journeys are never guessed from a shared customer or from closeness in
 * time: two problems of one customer are two journeys until a fact links them.
 *
 * `JourneyStitching` unions the streams each fact links (`linkedStreams`) and merges two journeys when a
 * late fact links them: the projector stitches each batch with it, and `groupFactsIntoJourneys` a whole
 * set of facts (a test, a rebuild's expectation), with the same groups in any order.
 */
import type { JourneyEvent } from '../catalog/event-catalog';
import { callbackStream, caseStream, contactStream, isId, type StreamName } from '../shared/stream-name';
import { compareJourneyFacts, type JourneyFact } from './journey-fact';

/** The other streams `fact` links to its own, without repeats and in the order of its fields. */
export function linkedStreams(fact: JourneyEvent & { readonly streamName: StreamName }): StreamName[] {
  const links = linksOf(fact);
  const unique = new Set<StreamName>();
  for (const [stream, id] of links) {
    if (id === undefined || !isId(id)) continue;
    const name = stream(id);
    if (name !== fact.streamName) unique.add(name);
  }
  return [...unique];
}

type Link = readonly [(id: string) => StreamName, string | undefined];

/** Every id-valued field of the catalog that names a contact, a callback or a case. */
function linksOf(event: JourneyEvent): readonly Link[] {
  switch (event.type) {
    case 'ContactStarted':
      return [
        [caseStream, event.data.caseId],
        [contactStream, event.data.transferredFromContactId],
        [callbackStream, event.data.answersCallbackId],
      ];
    case 'ProblemExplained':
      return [[caseStream, event.data.caseId]];
    case 'CallbackRequested':
      return [
        [contactStream, event.data.contactId],
        [caseStream, event.data.caseId],
      ];
    case 'CallbackAttempted':
    case 'CallbackCompleted':
      return [[contactStream, event.data.contactId]];
    case 'CaseOpened':
      return [
        [caseStream, event.data.duplicateOf],
        [contactStream, event.data.contactId],
      ];
    case 'CustomerUpdated':
    case 'CaseResolved':
    case 'FollowUpCompleted':
    case 'ExpectationSet':
      return [[contactStream, event.data.contactId]];
    // Agents, queues, customers and transfer targets are not streams: they link nothing.
    case 'CustomerIdentified':
    case 'ContactQueued':
    case 'ContactAnswered':
    case 'HoldStarted':
    case 'HoldEnded':
    case 'TransferInitiated':
    case 'TransferCompleted':
    case 'TransferFailed':
    case 'MessageLeft':
    case 'ContactDisconnected':
    case 'ContactWrappedUp':
    case 'CallbackPromised':
    case 'CallbackCancelled':
    case 'CaseAssigned':
    case 'CaseEscalated':
    case 'CaseReopened':
    case 'CaseClosed':
    case 'FeedbackReceived':
    case 'CustomerLost':
      return [];
    default:
      return noLinks(event);
  }
}

/** An event type from a newer catalog links nothing until this file learns it. */
function noLinks(_event: never): readonly Link[] {
  return [];
}

/**
 * Which journey each stream belongs to, as facts link streams: the one stitching of streams into
 * journeys, for the projector (which starts from the journeys its read model already holds for the
 * streams a batch names) and for a whole set of facts at once (`groupFactsIntoJourneys`).
 *
 * A journey is named after the smallest stream name it holds, so the same facts give the same ids
 * whatever order they arrive in. When a fact links two journeys, or brings in a stream with a smaller
 * name, the journey takes the smaller id and the other is renamed into it.
 */
export class JourneyStitching {
  private readonly journeyByStream: Map<StreamName, string>;
  private readonly renamed = new Map<string, string>();
  private readonly added = new Set<StreamName>();
  private readonly touched = new Set<string>();
  /** Journeys that existed before: only their renames are news to whoever holds them. */
  private readonly known: ReadonlySet<string>;

  /** `known`: the journey each of some streams already belongs to (every stream of a journey named, or none). */
  constructor(known: ReadonlyMap<StreamName, string> = new Map()) {
    this.journeyByStream = new Map(known);
    this.known = new Set(known.values());
  }

  /** Every stream the facts name: theirs and those they link to, without repeats. */
  static streamsOf(facts: readonly JourneyFact[]): StreamName[] {
    return [...new Set(facts.flatMap((fact) => [fact.streamName, ...linkedStreams(fact)]))];
  }

  /** Puts the fact's stream and the streams it links in one journey. */
  add(fact: JourneyFact): void {
    const streams = [fact.streamName, ...linkedStreams(fact)];
    const journeys = new Set<string>();
    for (const stream of streams) {
      const journey = this.journeyByStream.get(stream);
      if (journey === undefined) this.added.add(stream);
      else journeys.add(this.current(journey));
    }
    const target = [...journeys, ...streams.filter((stream) => !this.journeyByStream.has(stream))].sort()[0];
    for (const journey of journeys) if (journey !== target) this.renamed.set(journey, target);
    for (const stream of streams) if (!this.journeyByStream.has(stream)) this.journeyByStream.set(stream, target);
    this.touched.add(target);
  }

  /** The journey `stream` belongs to now; the stream must be known or added. */
  journeyOf(stream: StreamName): string {
    return this.current(this.journeyByStream.get(stream)!);
  }

  /** The journeys facts were added to, under their current ids. */
  touchedJourneys(): Set<string> {
    return new Set([...this.touched].map((journey) => this.current(journey)));
  }

  /** Known journeys renamed into another, each with the id it has now. */
  renamedJourneys(): (readonly [old: string, current: string])[] {
    return [...this.renamed.keys()].filter((journey) => this.known.has(journey)).map((old) => [old, this.current(old)] as const);
  }

  /** Streams that were not known, each with its journey. */
  addedStreams(): (readonly [stream: StreamName, journey: string])[] {
    return [...this.added].map((stream) => [stream, this.journeyOf(stream)] as const);
  }

  private current(journey: string): string {
    let id = journey;
    for (let next = this.renamed.get(id); next !== undefined; next = this.renamed.get(id)) id = next;
    return id;
  }
}

/**
 * Splits facts into journeys: streams joined by any chain of links share a journey. Each journey's facts
 * come in the journey order (occurredAt, then position), and journeys in the order of their first fact,
 * so the answer is the same for any order of the same facts. Duplicates are kept; the fold drops them.
 */
export function groupFactsIntoJourneys(facts: readonly JourneyFact[]): JourneyFact[][] {
  const stitching = new JourneyStitching();
  for (const fact of facts) stitching.add(fact);
  const journeys = new Map<string, JourneyFact[]>();
  for (const fact of [...facts].sort(compareJourneyFacts)) {
    const journey = stitching.journeyOf(fact.streamName);
    const journeyFacts = journeys.get(journey) ?? [];
    journeyFacts.push(fact);
    journeys.set(journey, journeyFacts);
  }
  return [...journeys.values()];
}
