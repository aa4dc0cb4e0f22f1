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
 */
import { eventCatalog, isEventType } from '../catalog/event-catalog';
import type { ExpectationKind } from '../case/case.events';
import type { TransferKind, TransferTargetType } from '../contact/contact.events';
import { ValidationError } from '../shared/domain-error';
import { splitStreamName, type StreamName } from '../shared/stream-name';
import type {
  DataQualityCode,
  DataQualityNote,
  Journey,
  TimelineEntry,
} from './journey';
import {
  addAgent,
  newCallback,
  newCase,
  newContact,
  type CallbackDraft,
  type CaseDraft,
  type ContactDraft,
  type ExpectationDraft,
  type HoldDraft,
  type QueueVisitDraft,
  type TransferDraft,
} from './journey.drafts';
import { comparePositions, instantOf, type JourneyFact } from './journey-fact';
import { DAY_MS, formatDuration, iso, isoOrNull } from './journey-time';
import { finishCallback, finishCase, finishContact, finishExpectation } from './journey.finishing';
import { measure } from './journey.metrics';
import { prepare, type OrderedFact } from './journey.preparation';
import {
  capitalize,
  consentPhrase,
  describeUnknown,
  disconnectPhrase,
  expectationPhrase,
  identificationPhrase,
  lateness,
  ordinal,
  transferPhrase,
} from './journey.phrases';

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
  /** Which clock `asOf` cuts on: what had happened by then (`occurred`, default) or what we knew (`recorded`). */
  readonly clock?: 'occurred' | 'recorded';
  /** See DEFAULT_REPEAT_CONTACT_WINDOW_MS. */
  readonly repeatContactWindowMs?: number;
}

// ---------------------------------------------------------------------------------------------------------

export function foldJourney(facts: readonly JourneyFact[], options: FoldJourneyOptions = {}): Journey {
  const asOf = asOfInstant(options.asOf);
  const prepared = prepare(facts, asOf, options.clock ?? 'occurred');
  return walk(prepared.ordered, prepared.notes, asOf, options.repeatContactWindowMs ?? DEFAULT_REPEAT_CONTACT_WINDOW_MS);
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
  const timeline = walk(ordered, notes, null, windowMs).timeline;
  const stepOrder =
    clock === 'occurred'
      ? ordered
      : [...ordered].sort((a, b) => a.recorded - b.recorded || comparePositions(a.position, b.position));
  const placeOf = new Map(ordered.map((fact, index) => [fact.eventId, index]));
  const seen = new Set<string>();
  let journeyWalk = startWalk(windowMs);
  let walkedTo = -1;
  for (const [index, step] of stepOrder.entries()) {
    seen.add(step.eventId);
    const place = placeOf.get(step.eventId)!;
    if (place > walkedTo) {
      journeyWalk.add(step);
      walkedTo = place;
    } else {
      journeyWalk = startWalk(windowMs);
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

function asOfInstant(text: string | undefined): number | null {
  const asOf = text === undefined ? null : instantOf(text);
  if (asOf !== null && Number.isNaN(asOf)) {
    throw new ValidationError('JOURNEY.INVALID_AS_OF', `asOf must be an ISO-8601 instant, not "${text}"`, 'asOf');
  }
  return asOf;
}

/** The walk over facts already checked and in journey order, then the judgement as of `asOf` (or the last fact). */
function walk(
  ordered: readonly OrderedFact[],
  preparationNotes: readonly DataQualityNote[],
  asOf: number | null,
  windowMs: number,
): Journey {
  const journeyWalk = startWalk(windowMs);
  for (const fact of ordered) journeyWalk.add(fact);
  return journeyWalk.judge(asOf, preparationNotes);
}

interface JourneyWalk {
  /** The next fact in journey order. */
  add(fact: OrderedFact): void;
  /** The journey of the facts added so far, judged as of `asOf` (or the last fact); the walk can go on after. */
  judge(asOf: number | null, preparationNotes: readonly DataQualityNote[]): Journey;
}

function startWalk(windowMs: number): JourneyWalk {
  const notes: DataQualityNote[] = [];
  const note = (code: DataQualityCode, streamName: StreamName | null, message: string, eventIds: readonly string[]) =>
    notes.push({ code, streamName, message, eventIds: [...eventIds] });

  const timeline: TimelineEntry[] = [];
  let startedAt: number | null = null;
  let lastActivityAt: number | null = null;
  const contacts = new Map<string, ContactDraft>();
  const cases = new Map<string, CaseDraft>();
  const callbacks = new Map<string, CallbackDraft>();
  const expectations: ExpectationDraft[] = [];
  const streams: StreamName[] = [];
  const seenStreams = new Set<StreamName>();
  /** Contacts on which something came of the conversation (see metrics.disconnects.droppedByUs). */
  const contactsWithOutcome = new Set<string>();
  /** The start of the contact that answered each callback. */
  const callbackAnsweredAt = new Map<string, number>();
  let customerId: string | null = null;
  const otherCustomers = new Set<string>();
  let explanations = 0;

  const nameCustomer = (candidate: string | undefined, fact: OrderedFact) => {
    if (candidate === undefined) return;
    if (customerId === null) customerId = candidate;
    else if (candidate !== customerId && !otherCustomers.has(candidate)) {
      otherCustomers.add(candidate);
      note('several_customers', fact.streamName, `${candidate} is named besides ${customerId}`, [fact.eventId]);
    }
  };
  const contactOf = (id: string, streamName: StreamName): ContactDraft => {
    let draft = contacts.get(id);
    if (!draft) {
      draft = newContact(id, streamName);
      contacts.set(id, draft);
    }
    return draft;
  };
  const caseOf = (id: string, streamName: StreamName): CaseDraft => {
    let draft = cases.get(id);
    if (!draft) {
      draft = newCase(id, streamName);
      cases.set(id, draft);
    }
    return draft;
  };
  const callbackOf = (id: string, streamName: StreamName): CallbackDraft => {
    let draft = callbacks.get(id);
    if (!draft) {
      draft = newCallback(id, streamName);
      callbacks.set(id, draft);
    }
    return draft;
  };
  const markOutcome = (contactId: string | undefined) => {
    if (contactId !== undefined) contactsWithOutcome.add(contactId);
  };

  const describe = (fact: OrderedFact): TimelineEntry => {
    const { at } = fact;
    const { category, id } = splitStreamName(fact.streamName);
    if (!seenStreams.has(fact.streamName)) {
      seenStreams.add(fact.streamName);
      streams.push(fact.streamName);
    }
    const entry = (description: string): TimelineEntry =>
      ({
        type: fact.type,
        data: fact.data,
        eventId: fact.eventId,
        streamName: fact.streamName,
        occurredAt: fact.occurredIso,
        recordedAt: fact.recordedIso,
        position: fact.position.toString(),
        source: fact.source,
        description,
      }) as TimelineEntry;

    if (!isEventType(fact.type)) return entry(describeUnknown(fact as never));
    if (eventCatalog[fact.type].category !== category) {
      note(
        'event_on_wrong_stream',
        fact.streamName,
        `${fact.type} belongs on a ${eventCatalog[fact.type].category} stream; it is shown but not counted`,
        [fact.eventId],
      );
      return entry(`${fact.type} recorded on ${fact.streamName}, which is the wrong kind of stream.`);
    }

    // Contact events
    if (category === 'contact') {
      const contact = contactOf(id, fact.streamName);
      if (!contact.started && fact.type !== 'ContactStarted') contact.eventIdsBeforeStart.push(fact.eventId);
      if (contact.disconnect !== null && fact.type !== 'ContactWrappedUp' && fact.type !== 'ContactDisconnected') {
        note('event_after_disconnect', fact.streamName, `${fact.type} on ${id} after it was disconnected`, [
          fact.eventId,
        ]);
      }
    }

    switch (fact.type) {
      case 'ContactStarted': {
        const contact = contactOf(id, fact.streamName);
        const { data } = fact;
        nameCustomer(data.customerId, fact);
        if (data.answersCallbackId !== undefined && !callbackAnsweredAt.has(data.answersCallbackId)) {
          callbackAnsweredAt.set(data.answersCallbackId, at);
        }
        if (contact.started) {
          note('contact_started_twice', fact.streamName, `${id} started again; the first start stands`, [fact.eventId]);
          return entry(`${id} was reported started again.`);
        }
        Object.assign<ContactDraft, Partial<ContactDraft>>(contact, {
          started: true,
          channel: data.channel,
          direction: data.direction,
          origin: data.origin,
          customerId: contact.customerId ?? data.customerId ?? null,
          caseId: data.caseId ?? null,
          transferredFromContactId: data.transferredFromContactId ?? null,
          answersCallbackId: data.answersCallbackId ?? null,
          startedAt: at,
        });
        if (contact.eventIdsBeforeStart.length > 0) {
          note(
            'events_before_contact_started',
            fact.streamName,
            `${contact.eventIdsBeforeStart.length} fact(s) on ${id} occurred before it started`,
            contact.eventIdsBeforeStart,
          );
        }
        const links = [
          data.caseId && `about case ${data.caseId}`,
          data.transferredFromContactId && `transferred from ${data.transferredFromContactId}`,
          data.answersCallbackId && `answering callback ${data.answersCallbackId}`,
        ].filter(Boolean);
        const how = data.origin === data.direction ? '' : ` (${data.origin})`;
        return entry(
          `${capitalize(data.direction)} ${data.channel} contact ${id}${how} started${links.length ? `, ${links.join(', ')}` : ''}.`,
        );
      }
      case 'CustomerIdentified': {
        const contact = contactOf(id, fact.streamName);
        contact.customerId ??= fact.data.customerId;
        nameCustomer(fact.data.customerId, fact);
        return entry(
          `The customer ${fact.data.customerId} was identified on ${id} ${identificationPhrase[fact.data.method]}.`,
        );
      }
      case 'ContactQueued': {
        const contact = contactOf(id, fact.streamName);
        const waiting = openQueueVisit(contact);
        if (waiting) waiting.leftAt = at;
        contact.queueVisits.push({
          queueId: fact.data.queueId,
          queuedAt: at,
          answeredAt: null,
          leftAt: null,
          abandoned: false,
        });
        return entry(`${id} was queued in ${fact.data.queueId}.`);
      }
      case 'ContactAnswered': {
        const contact = contactOf(id, fact.streamName);
        const waiting = openQueueVisit(contact);
        if (waiting) {
          waiting.answeredAt = at;
          waiting.leftAt = at;
        }
        contact.answeredAt ??= at;
        addAgent(contact.agents, fact.data.agentId);
        const wait = waiting ? ` after ${formatDuration(at - waiting.queuedAt)} in the queue` : '';
        return entry(`${fact.data.agentId} answered ${id}${wait}.`);
      }
      case 'ProblemExplained': {
        const contact = contactOf(id, fact.streamName);
        contact.problemExplanations += 1;
        explanations += 1;
        const which = explanations === 1 ? '' : ` again (${ordinal(explanations)} time in this journey)`;
        const about = fact.data.caseId ? ` about case ${fact.data.caseId}` : '';
        return entry(`The customer explained the problem${about} on ${id}${which}.`);
      }
      case 'HoldStarted': {
        const contact = contactOf(id, fact.streamName);
        if (contact.openHold) {
          note('hold_started_while_on_hold', fact.streamName, `${id} was put on hold while already on hold`, [
            ...contact.openHold.eventIds,
            fact.eventId,
          ]);
          return entry(`${id} was reported put on hold while already on hold.`);
        }
        const hold: HoldDraft = {
          startedAt: at,
          endedAt: null,
          endedBy: null,
          customerConsent: fact.data.customerConsent,
          reason: fact.data.reason,
          customerDropped: false,
          eventIds: [fact.eventId],
        };
        contact.holds.push(hold);
        contact.openHold = hold;
        return entry(`${id} was put on hold (${fact.data.reason}) ${consentPhrase(fact.data.customerConsent)}.`);
      }
      case 'HoldEnded': {
        const contact = contactOf(id, fact.streamName);
        const hold = contact.openHold;
        if (!hold) {
          note(
            'hold_end_without_start',
            fact.streamName,
            `A hold on ${id} ended, but none had started before it: its start is missing or dated after its end`,
            [fact.eventId],
          );
          return entry(`${id} was reported taken off hold, but no hold had started.`);
        }
        hold.endedAt = at;
        hold.endedBy = 'resumed';
        hold.eventIds.push(fact.eventId);
        contact.openHold = null;
        return entry(`${id} was taken off hold after ${formatDuration(at - hold.startedAt)}.`);
      }
      case 'TransferInitiated': {
        const contact = contactOf(id, fact.streamName);
        const transfer: TransferDraft = {
          ...transferTerms(fact.data),
          status: 'pending',
          initiatedAt: at,
          settledAt: null,
          fromAgentId: contact.agents.at(-1) ?? null,
          failureReason: null,
          eventIds: [fact.eventId],
        };
        contact.transfers.push(transfer);
        contact.pendingTransfer = transfer;
        return entry(`A ${transferPhrase(fact.data)} of ${id} began.`);
      }
      case 'TransferCompleted': {
        const contact = contactOf(id, fact.streamName);
        const transfer = settleTransfer(contact, fact, at, 'completed', note);
        // A source may report only the completion, so its terms are the ones that went through.
        Object.assign<TransferDraft, Partial<TransferDraft>>(transfer, transferTerms(fact.data));
        if (fact.data.target.type === 'agent') addAgent(contact.agents, fact.data.target.id);
        return entry(`${id} was handed over: a ${transferPhrase(fact.data)}.`);
      }
      case 'TransferFailed': {
        const contact = contactOf(id, fact.streamName);
        const transfer = settleTransfer(contact, fact, at, 'failed', note);
        transfer.failureReason = fact.data.reason;
        return entry(
          `The transfer of ${id} to ${fact.data.target.type} ${fact.data.target.id} failed: ${fact.data.reason}.`,
        );
      }
      case 'MessageLeft': {
        const contact = contactOf(id, fact.streamName);
        const { kind, leftBy, recipientId } = fact.data;
        contact.messages.push({ at: iso(at), kind, leftBy, recipientId: recipientId ?? null });
        const who = leftBy === 'customer' ? 'The customer' : 'An agent';
        return entry(`${who} left a ${kind} on ${id}${recipientId ? ` for ${recipientId}` : ''}.`);
      }
      case 'ContactDisconnected': {
        const contact = contactOf(id, fact.streamName);
        if (contact.disconnect) {
          note('disconnected_twice', fact.streamName, `${id} was disconnected again; the first disconnect stands`, [
            fact.eventId,
          ]);
          return entry(`${id} was reported disconnected again.`);
        }
        const waiting = openQueueVisit(contact);
        const hold = contact.openHold;
        const byCustomer = fact.data.by === 'customer';
        contact.disconnect = {
          at,
          by: fact.data.by,
          reason: fact.data.reason,
          whileQueued: !!waiting,
          whileOnHold: !!hold,
        };
        if (waiting) {
          waiting.leftAt = at;
          waiting.abandoned = byCustomer;
        }
        if (hold) {
          hold.endedAt = at;
          hold.endedBy = 'disconnect';
          hold.customerDropped = byCustomer;
          hold.eventIds.push(fact.eventId);
          contact.openHold = null;
        }
        const where = hold
          ? ` while on hold for ${formatDuration(at - hold.startedAt)}`
          : waiting
            ? ` while waiting in ${waiting.queueId} for ${formatDuration(at - waiting.queuedAt)}`
            : '';
        return entry(`${id} ended: ${disconnectPhrase(fact.data.by)}${where} (${fact.data.reason}).`);
      }
      case 'ContactWrappedUp': {
        const contact = contactOf(id, fact.streamName);
        contact.wrapUp = { at, outcome: fact.data.outcome, disposition: fact.data.disposition };
        return entry(`${id} was wrapped up as ${fact.data.outcome.replace('_', ' ')} (${fact.data.disposition}).`);
      }

      // Callback events
      case 'CallbackRequested': {
        const callback = callbackOf(id, fact.streamName);
        const { data } = fact;
        nameCustomer(data.customerId, fact);
        markOutcome(data.contactId);
        if (!callback.requested) {
          Object.assign<CallbackDraft, Partial<CallbackDraft>>(callback, {
            requested: true,
            customerId: data.customerId,
            requestedAt: at,
            requestedBy: data.requestedBy,
            assignedTo: data.assignedTo ?? null,
            contactId: data.contactId ?? null,
            caseId: data.caseId ?? null,
          });
        }
        const who = data.requestedBy === 'customer' ? 'The customer asked for' : `The ${data.requestedBy} offered`;
        const onContact = data.contactId ? ` on ${data.contactId}` : '';
        return entry(`${who} callback ${id}${data.assignedTo ? ` from ${data.assignedTo}` : ''}${onContact}.`);
      }
      case 'CallbackPromised': {
        const callback = callbackOf(id, fact.streamName);
        const dueBy = instantOf(fact.data.dueBy);
        const again = callback.promisedAt !== null;
        callback.promisedAt ??= at;
        callback.promisedBy ??= fact.data.promisedBy;
        callback.originalDueBy ??= dueBy;
        callback.dueBy = dueBy;
        return entry(
          `${fact.data.promisedBy} ${again ? 'moved callback ' + id + ' to' : 'promised callback ' + id + ' by'} ${iso(dueBy)}, within ${formatDuration(dueBy - at)}.`,
        );
      }
      case 'CallbackAttempted': {
        const callback = callbackOf(id, fact.streamName);
        const { outcome, agentId, contactId } = fact.data;
        markOutcome(contactId);
        callback.attempts.push({ at, outcome, agentId: agentId ?? null, contactId: contactId ?? null });
        return entry(
          `Callback ${id} was attempted${agentId ? ` by ${agentId}` : ''}: ${outcome.replace('_', ' ')}${lateness(at, callback.dueBy)}.`,
        );
      }
      case 'CallbackCompleted': {
        const callback = callbackOf(id, fact.streamName);
        markOutcome(fact.data.contactId);
        callback.completedAt ??= at;
        return entry(
          `Callback ${id} reached the customer${fact.data.contactId ? ` on ${fact.data.contactId}` : ''}${lateness(at, callback.dueBy)}.`,
        );
      }
      case 'CallbackCancelled': {
        const callback = callbackOf(id, fact.streamName);
        callback.cancelled ??= { at, by: fact.data.by, reason: fact.data.reason };
        return entry(`Callback ${id} was cancelled by the ${fact.data.by}: ${fact.data.reason}.`);
      }

      // Case events
      case 'CaseOpened': {
        const kase = caseOf(id, fact.streamName);
        const { data } = fact;
        nameCustomer(data.customerId, fact);
        markOutcome(data.contactId);
        if (kase.opened) {
          note('case_opened_twice', fact.streamName, `Case ${id} was opened again; the first opening stands`, [
            fact.eventId,
          ]);
          return entry(`Case ${id} was reported opened again.`);
        }
        Object.assign<CaseDraft, Partial<CaseDraft>>(kase, {
          opened: true,
          customerId: data.customerId,
          openedAt: at,
          subject: data.subject,
          channel: data.channel,
          duplicateOf: data.duplicateOf ?? null,
          contactId: data.contactId ?? null,
        });
        if (kase.status === 'open' && kase.customerLost === null) kase.waitingSince ??= at;
        const duplicate = data.duplicateOf ? `, a duplicate of ${data.duplicateOf}` : '';
        const onContact = data.contactId ? ` on ${data.contactId}` : ` via ${data.channel}`;
        return entry(`Case ${id} was opened${onContact}: "${data.subject}"${duplicate}.`);
      }
      case 'CaseAssigned': {
        caseOf(id, fact.streamName).assignments.push({ at, assigneeId: fact.data.assigneeId });
        return entry(`Case ${id} was assigned to ${fact.data.assigneeId}.`);
      }
      case 'CaseEscalated': {
        const { to, from, reason, initiatedBy } = fact.data;
        caseOf(id, fact.streamName).escalations.push({ at, to, from: from ?? null, reason, initiatedBy });
        const by = initiatedBy === 'customer' ? 'the customer' : `the ${initiatedBy}`;
        return entry(`Case ${id} was escalated to ${to}${from ? ` over ${from}` : ''}, by ${by}.`);
      }
      case 'CustomerUpdated': {
        const kase = caseOf(id, fact.streamName);
        markOutcome(fact.data.contactId);
        kase.customerUpdates.push({ at, channel: fact.data.channel, contactId: fact.data.contactId ?? null });
        const silence = kase.waitingSince === null ? null : at - kase.waitingSince;
        respond(kase, at, 'update');
        keepExpectations(expectations, id, fact, at, ['status_update', 'delivery', 'other']);
        const after = silence === null ? '' : `, after ${formatDuration(silence)} without one`;
        return entry(`The customer was updated on case ${id} by ${fact.data.channel}${after}.`);
      }
      case 'CaseResolved': {
        const kase = caseOf(id, fact.streamName);
        markOutcome(fact.data.contactId);
        kase.resolutions.push({ at, resolvedBy: fact.data.resolvedBy ?? null, contactId: fact.data.contactId ?? null });
        kase.status = 'resolved';
        kase.resolvedAt = at;
        kase.resolvedOnContactId = fact.data.contactId ?? null;
        respond(kase, at, 'end');
        keepExpectations(expectations, id, fact, at, ['status_update', 'delivery', 'other', 'resolution']);
        const by = fact.data.resolvedBy ? ` by ${fact.data.resolvedBy}` : '';
        const onContact = fact.data.contactId ? ` on ${fact.data.contactId}` : '';
        const since =
          kase.openedAt === null || at === kase.openedAt
            ? ''
            : `, ${formatDuration(at - kase.openedAt)} after it was opened`;
        return entry(`Case ${id} was resolved${by}${onContact}${since}.`);
      }
      case 'CaseReopened': {
        const kase = caseOf(id, fact.streamName);
        if (kase.status === 'open') {
          note(
            'reopened_without_resolution',
            fact.streamName,
            `Case ${id} was reopened, but it was not resolved or closed`,
            [fact.eventId],
          );
        }
        kase.reopenings.push({ at, by: fact.data.by, reason: fact.data.reason });
        kase.status = 'open';
        kase.resolvedAt = null;
        kase.resolvedOnContactId = null;
        if (kase.customerLost === null) kase.waitingSince ??= at;
        return entry(`Case ${id} was reopened by the ${fact.data.by}: ${fact.data.reason}.`);
      }
      case 'CaseClosed': {
        const kase = caseOf(id, fact.streamName);
        kase.closed = { at, resolved: fact.data.resolved, reason: fact.data.reason };
        kase.status = 'closed';
        // Closing has the last word on whether the case ended resolved.
        if (!fact.data.resolved) kase.resolvedAt = null;
        else if (kase.resolvedAt === null) kase.resolvedAt = at;
        respond(kase, at, 'end');
        keepExpectations(
          expectations,
          id,
          fact,
          at,
          fact.data.resolved
            ? ['status_update', 'delivery', 'other', 'resolution']
            : ['status_update', 'delivery', 'other'],
        );
        return entry(`Case ${id} was closed ${fact.data.resolved ? 'resolved' : 'unresolved'}: ${fact.data.reason}.`);
      }
      case 'FollowUpCompleted': {
        markOutcome(fact.data.contactId);
        caseOf(id, fact.streamName).followUps.push({ at, outcome: fact.data.outcome });
        return entry(`A follow-up on case ${id} found: ${fact.data.outcome.replaceAll('_', ' ')}.`);
      }
      case 'FeedbackReceived': {
        caseOf(id, fact.streamName).feedback.push({ at, score: fact.data.score ?? null });
        const score = fact.data.score === undefined ? 'commented on' : `rated ${fact.data.score}/10`;
        return entry(`The customer ${score} the handling of case ${id}.`);
      }
      case 'ExpectationSet': {
        caseOf(id, fact.streamName);
        const { kind, what, dueBy, promisedBy, contactId } = fact.data;
        markOutcome(contactId);
        const due = instantOf(dueBy);
        expectations.push({
          caseId: id,
          eventId: fact.eventId,
          kind,
          what,
          promisedBy,
          contactId: contactId ?? null,
          madeAt: at,
          dueBy: due,
          keptAt: null,
          keptByEventId: null,
        });
        return entry(`${promisedBy} promised ${expectationPhrase[kind]} on case ${id} by ${iso(due)}: "${what}".`);
      }
      case 'CustomerLost': {
        const kase = caseOf(id, fact.streamName);
        kase.customerLost ??= { at, reason: fact.data.reason };
        respond(kase, at, 'stop');
        return entry(`The customer was lost over case ${id}: ${fact.data.reason}.`);
      }
      default:
        return entry(describeUnknown(fact));
    }
  };

  const judge = (asOf: number | null, preparationNotes: readonly DataQualityNote[]): Journey => {
    const judgedAt = asOf ?? lastActivityAt;
    const judgedNotes = [...preparationNotes, ...notes];
    const missing = (code: DataQualityCode, streamName: StreamName, message: string, eventIds: readonly string[]) =>
      judgedNotes.push({ code, streamName, message, eventIds: [...eventIds] });
    for (const contact of contacts.values()) {
      if (contact.started) continue;
      missing('contact_never_started', contact.streamName, `Contact ${contact.contactId} has facts but no ContactStarted`, contact.eventIdsBeforeStart);
    }
    for (const callback of callbacks.values()) {
      if (callback.requested) continue;
      missing('callback_never_requested', callback.streamName, `Callback ${callback.callbackId} has facts but no CallbackRequested`, []);
    }
    for (const kase of cases.values()) {
      if (!kase.opened) missing('case_never_opened', kase.streamName, `Case ${kase.caseId} has facts but no CaseOpened`, []);
    }

    const contactDrafts = [...contacts.values()];
    const contactList = contactDrafts.map((draft) => finishContact(draft, contactDrafts, windowMs, contactsWithOutcome));
    const caseList = [...cases.values()].map((draft) => finishCase(draft, judgedAt));
    const callbackList = [...callbacks.values()].map((draft) => finishCallback(draft, callbackAnsweredAt, judgedAt));
    const expectationList = expectations.map((draft) => finishExpectation(draft, judgedAt));

    const metrics = measure({
      contacts: contactList,
      cases: caseList,
      callbacks: callbackList,
      expectations: expectationList,
      startedAt,
      judgedAt,
      windowMs,
    });

    return {
      customerId,
      streams: [...streams],
      startedAt: isoOrNull(startedAt),
      lastActivityAt: isoOrNull(lastActivityAt),
      judgedAt: isoOrNull(judgedAt),
      timeline: [...timeline],
      contacts: contactList,
      cases: caseList,
      callbacks: callbackList,
      expectations: expectationList,
      metrics,
      notes: judgedNotes,
    };
  };

  const add = (fact: OrderedFact): void => {
    startedAt ??= fact.at;
    lastActivityAt = fact.at;
    timeline.push(describe(fact));
  };
  return { add, judge };
}

// ---------------------------------------------------------------------------------------------------------
// Steps of the walk

function openQueueVisit(contact: ContactDraft): QueueVisitDraft | null {
  const last = contact.queueVisits.at(-1);
  return last !== undefined && last.leftAt === null ? last : null;
}

function transferTerms(data: {
  readonly kind: TransferKind;
  readonly target: { readonly type: TransferTargetType; readonly id: string };
  readonly contextShared: boolean;
}) {
  return { kind: data.kind, target: { type: data.target.type, id: data.target.id }, contextShared: data.contextShared };
}

/** Settles the pending transfer, or records one whose initiation never arrived (and says so). */
function settleTransfer(
  contact: ContactDraft,
  fact: OrderedFact & { readonly data: { readonly target: { readonly type: TransferTargetType; readonly id: string } } },
  at: number,
  status: 'completed' | 'failed',
  note: (code: DataQualityCode, streamName: StreamName | null, message: string, eventIds: readonly string[]) => void,
): TransferDraft {
  let transfer = contact.pendingTransfer;
  if (transfer === null) {
    note(
      status === 'completed' ? 'transfer_completed_without_initiation' : 'transfer_failed_without_initiation',
      fact.streamName,
      `A transfer of ${contact.contactId} ${status === 'completed' ? 'went through' : 'failed'} without having been initiated`,
      [fact.eventId],
    );
    const kind = 'kind' in fact.data ? (fact.data as { kind: TransferKind }).kind : 'blind';
    const contextShared =
      'contextShared' in fact.data ? (fact.data as { contextShared: boolean }).contextShared : false;
    transfer = {
      kind,
      target: { type: fact.data.target.type, id: fact.data.target.id },
      contextShared,
      status,
      initiatedAt: null,
      settledAt: null,
      fromAgentId: contact.agents.at(-1) ?? null,
      failureReason: null,
      eventIds: [],
    };
    contact.transfers.push(transfer);
  }
  transfer.status = status;
  transfer.settledAt = at;
  transfer.eventIds.push(fact.eventId);
  contact.pendingTransfer = null;
  return transfer;
}

/**
 * A status update reaches the customer: the first is the first response; each one ends a silence. An
 * `update` restarts the silence clock (the case still waits on us), an `end` (resolution, close) stops it,
 * and so does `stop` (the customer is gone), which is no response.
 */
function respond(kase: CaseDraft, at: number, kind: 'update' | 'end' | 'stop'): void {
  if (kind !== 'stop') kase.firstResponseAt ??= at;
  if (kase.waitingSince !== null) {
    kase.longestSilenceMs = Math.max(kase.longestSilenceMs ?? 0, at - kase.waitingSince);
  }
  // An update on a resolved or closed case starts no new wait: nothing is owed until it is reopened.
  const stillOwed = kind === 'update' && kase.opened && kase.status === 'open' && kase.customerLost === null;
  kase.waitingSince = stillOwed ? at : null;
}

/** Marks the case's open expectations of these kinds, made before this fact, as kept by it. */
function keepExpectations(
  expectations: ExpectationDraft[],
  caseId: string,
  fact: OrderedFact,
  at: number,
  kinds: readonly ExpectationKind[],
): void {
  for (const expectation of expectations) {
    if (expectation.caseId === caseId && expectation.keptAt === null && kinds.includes(expectation.kind)) {
      expectation.keptAt = at;
      expectation.keptByEventId = fact.eventId;
    }
  }
}
