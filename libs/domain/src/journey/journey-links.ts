/**
 * The explicit links that stitch streams into one journey: a fact on one stream that names another
 * stream's id (a contact's case, the contact it was transferred from, the callback it answers, the case
 * a new case duplicates...). Journeys are never guessed from a shared customer or from closeness in
 * time: two problems of one customer are two journeys until a fact links them.
 *
 * The projector unions the streams each fact links (`linkedStreams`) and merges two journeys when a late
 * fact links them; `groupFactsIntoJourneys` does the same over a whole set of facts, for a rebuild or a
 * test, and gives the same groups in any order.
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
 * Splits facts into journeys: streams joined by any chain of links share a journey. Each journey's facts
 * come in the journey order (occurredAt, then position), and journeys in the order of their first fact,
 * so the answer is the same for any order of the same facts. Duplicates are kept; the fold drops them.
 */
export function groupFactsIntoJourneys(facts: readonly JourneyFact[]): JourneyFact[][] {
  const parent = new Map<StreamName, StreamName>();
  const find = (stream: StreamName): StreamName => {
    let root = stream;
    for (let next = parent.get(root); next !== undefined && next !== root; next = parent.get(root)) root = next;
    parent.set(stream, root);
    return root;
  };
  const union = (a: StreamName, b: StreamName) => {
    const [rootA, rootB] = [find(a), find(b)];
    // The smaller name becomes the root, so the result does not depend on the order of the unions.
    if (rootA < rootB) parent.set(rootB, rootA);
    else if (rootB < rootA) parent.set(rootA, rootB);
  };
  for (const fact of facts) {
    find(fact.streamName);
    for (const linked of linkedStreams(fact)) union(fact.streamName, linked);
  }
  const journeys = new Map<StreamName, JourneyFact[]>();
  for (const fact of [...facts].sort(compareJourneyFacts)) {
    const root = find(fact.streamName);
    const journey = journeys.get(root) ?? [];
    journey.push(fact);
    journeys.set(root, journey);
  }
  return [...journeys.values()];
}
