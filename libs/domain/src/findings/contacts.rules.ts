/**
 * Rules over contacts: a contact cut off from our side, a customer passed from agent to agent, a
 * transfer that made the customer start again, and a customer who had to keep coming back.
 */
import type { Journey, JourneyContact, JourneyTransfer, TimelineEntry } from '../journey/journey';
import type { FindingRule } from './finding';
import { duration, entriesOf, entryOf, findingOf, idsOf, listed, ms, timelineIndexOf } from './finding-facts';

const sidePhrase = {
  agent: "on the agent's side",
  system: 'by our system',
  network: 'by the network',
} as const;

export const endedByUs: FindingRule = {
  code: 'ENDED_BY_US',
  kind: 'failure',
  title: 'A contact ended from our side before anything was resolved',
  // The fold's `droppedByUs` already tells a cut-off contact from one that ended normally: ended by the
  // agent, the system or the network with nothing to show for it (no wrap-up, case, promise, transfer).
  evaluate: (journey) =>
    journey.contacts.flatMap((contact) => {
      const { disconnect } = contact;
      if (!contact.droppedByUs || disconnect === null || disconnect.by === 'customer') return [];
      const answered = entryOf(journey, contact.streamName, ['ContactAnswered']);
      const agent = contact.agents.at(-1);
      const when =
        contact.answeredAt !== null
          ? `${duration(ms(disconnect.at) - ms(contact.answeredAt))} after ${agent ?? 'an agent'} answered`
          : 'before anyone answered';
      return [
        findingOf(journey, 'ENDED_BY_US', 'failure', {
          severity: 'high',
          subject: contact.streamName,
          sentence: `${contact.contactId} was cut off ${sidePhrase[disconnect.by]} ${when}, before anything was resolved.`,
          evidence: idsOf(
            entryOf(journey, contact.streamName, ['ContactStarted']),
            answered,
            entryOf(journey, contact.streamName, ['ContactDisconnected']),
          ),
          at: disconnect.at,
          details: contact.durationMs === null ? {} : { contactMs: contact.durationMs },
        }),
      ];
    }),
};

/** A contact and its transfer legs (contacts started as transfers from it), in the order they started. */
function transferChains(journey: Journey): JourneyContact[][] {
  const ids = new Set(journey.contacts.map((contact) => contact.contactId));
  const legs = new Map<string, JourneyContact[]>();
  for (const contact of journey.contacts) {
    if (contact.transferredFromContactId === null) continue;
    legs.set(contact.transferredFromContactId, [...(legs.get(contact.transferredFromContactId) ?? []), contact]);
  }
  const legsOf = (contactId: string) => legs.get(contactId) ?? [];
  const roots = journey.contacts.filter(
    (contact) => contact.transferredFromContactId === null || !ids.has(contact.transferredFromContactId),
  );
  return roots.map((root) => {
    const chain: JourneyContact[] = [];
    const visit = (contact: JourneyContact) => {
      if (chain.includes(contact)) return;
      chain.push(contact);
      legsOf(contact.contactId).forEach(visit);
    };
    visit(root);
    return chain;
  });
}

interface Handler {
  readonly agentId: string;
  readonly entry: TimelineEntry;
}

/** Each contact stream's hand-overs to an agent (answered, or transferred to one), in timeline order, with their place in it. */
function handoversByStream(journey: Journey): Map<string, { readonly index: number; readonly handler: Handler }[]> {
  const handovers = new Map<string, { readonly index: number; readonly handler: Handler }[]>();
  journey.timeline.forEach((entry, index) => {
    const agentId =
      entry.type === 'ContactAnswered'
        ? entry.data.agentId
        : entry.type === 'TransferCompleted' && entry.data.target.type === 'agent'
          ? entry.data.target.id
          : null;
    if (agentId === null) return;
    const ofStream = handovers.get(entry.streamName) ?? [];
    ofStream.push({ index, handler: { agentId, entry } });
    handovers.set(entry.streamName, ofStream);
  });
  return handovers;
}

/** Who had the customer along a chain, in timeline order, without consecutive repeats. */
function handlersOf(
  handovers: ReadonlyMap<string, readonly { readonly index: number; readonly handler: Handler }[]>,
  chain: readonly JourneyContact[],
): Handler[] {
  const inOrder = chain.flatMap((contact) => handovers.get(contact.streamName) ?? []).sort((a, b) => a.index - b.index);
  const handlers: Handler[] = [];
  for (const { handler } of inOrder) {
    if (handlers.at(-1)?.agentId !== handler.agentId) handlers.push(handler);
  }
  return handlers;
}

export const transferChain: FindingRule = {
  code: 'TRANSFER_CHAIN',
  kind: 'failure',
  title: 'One contact passed through too many agents',
  evaluate: (journey, { thresholds }) => {
    const handovers = handoversByStream(journey);
    return transferChains(journey).flatMap((chain) => {
      const handlers = handlersOf(handovers, chain);
      const needed = Math.max(1, thresholds.transferChainAgents);
      if (handlers.length < needed) return [];
      const transfers = chain.flatMap((contact) => contact.transfers.filter((t) => t.status === 'completed'));
      const root = chain[0];
      return [
        findingOf(journey, 'TRANSFER_CHAIN', 'failure', {
          severity: 'medium',
          subject: root.streamName,
          sentence: `On ${root.contactId} the customer was passed through ${handlers.length} agents (${listed(handlers.map((handler) => handler.agentId))}) in ${transfers.length} transfer${transfers.length === 1 ? '' : 's'}.`,
          evidence: [...handlers.map((handler) => handler.entry.eventId), ...transfers.flatMap((t) => t.eventIds)],
          at: handlers[needed - 1].entry.occurredAt,
          details: { agents: handlers.length, transfers: transfers.length },
        }),
      ];
    });
  },
};

function targetPhrase(transfer: JourneyTransfer): string {
  return transfer.target.type === 'queue' ? `queue ${transfer.target.id}` : transfer.target.id;
}

export const coldTransfer: FindingRule = {
  code: 'COLD_TRANSFER',
  kind: 'failure',
  title: 'A transfer without what the customer had said, or after which the customer explained again',
  evaluate: (journey) =>
    journey.contacts.flatMap((contact) => {
      const completed = contact.transfers.filter((transfer) => transfer.status === 'completed');
      const legs = journey.contacts
        .filter((leg) => leg.transferredFromContactId === contact.contactId)
        .map((leg) => leg.streamName);
      const explanations = [contact.streamName, ...legs].flatMap((stream) =>
        entriesOf(journey, stream).filter((entry) => entry.type === 'ProblemExplained'),
      );
      return completed.flatMap((transfer, index) => {
        const from = timelineIndexOf(journey, transfer.eventIds.at(-1) ?? '');
        const next = completed[index + 1];
        const until = next ? timelineIndexOf(journey, next.eventIds.at(-1) ?? '') : Infinity;
        const again = explanations
          .filter((entry) => {
            const position = timelineIndexOf(journey, entry.eventId);
            return position > from && position < until;
          })
          .sort((a, b) => timelineIndexOf(journey, a.eventId) - timelineIndexOf(journey, b.eventId));
        if (transfer.contextShared && again.length === 0) return [];
        const to = targetPhrase(transfer);
        const sentence = transfer.contextShared
          ? `After ${contact.contactId} was handed to ${to}, the customer had to explain the problem again.`
          : `${contact.contactId} was handed to ${to} without what the customer had already said (a ${transfer.kind} transfer)${again.length > 0 ? ', and the customer had to explain the problem again' : ''}.`;
        const at = transfer.contextShared ? again[0].occurredAt : (transfer.settledAt ?? again[0]?.occurredAt);
        if (at === undefined) return [];
        return [
          findingOf(journey, 'COLD_TRANSFER', 'failure', {
            severity: 'medium',
            subject: transfer.eventIds[0],
            sentence,
            evidence: [...transfer.eventIds, ...idsOf(...again)],
            at,
            details: { explainedAgain: again.length, contextShared: transfer.contextShared ? 1 : 0 },
          }),
        ];
      });
    }),
};

/** The customer reaching out: inbound, not a transfer leg, not a callback we placed. */
function customerStarted(contact: JourneyContact): contact is JourneyContact & { startedAt: string } {
  return (
    contact.startedAt !== null &&
    contact.direction === 'inbound' &&
    contact.origin !== 'transfer' &&
    contact.origin !== 'callback'
  );
}

/** Whether the problem was resolved on the contact: a case resolution names it, or it was wrapped up resolved. */
function resolvedOn(journey: Journey, contact: JourneyContact): boolean {
  return (
    contact.wrapUp?.outcome === 'resolved' ||
    journey.cases.some((kase) => kase.resolutions.some((resolution) => resolution.contactId === contact.contactId))
  );
}

export const repeatContacts: FindingRule = {
  code: 'REPEAT_CONTACTS',
  kind: 'failure',
  title: 'The customer had to come back, within the repeat window',
  evaluate: (journey, { thresholds }) => {
    const started = journey.contacts.filter(customerStarted).sort((a, b) => ms(a.startedAt) - ms(b.startedAt));
    // Contacts chained by gaps within the window, as the fold's `repeat` flag chains them.
    const clusters: (typeof started)[] = [];
    for (const contact of started) {
      const last = clusters.at(-1);
      const previous = last?.at(-1);
      if (last && previous && ms(contact.startedAt) - ms(previous.startedAt) <= thresholds.repeatContactWindowMs) {
        last.push(contact);
      } else clusters.push([contact]);
    }
    return clusters.flatMap((cluster) => {
      if (cluster.length < Math.max(2, thresholds.repeatContactsMin)) return [];
      const ids = cluster.map((contact) => contact.contactId);
      const span = ms(cluster[cluster.length - 1].startedAt) - ms(cluster[0].startedAt);
      const explained = cluster.filter((contact) => contact.problemExplanations > 0);
      const explaining =
        explained.length === cluster.length
          ? ' and had to explain the problem each time'
          : explained.length > 1
            ? ` and explained the problem on ${explained.length} of them`
            : '';
      const resolving = cluster.filter((contact) => resolvedOn(journey, contact));
      const outcome =
        resolving.length === 0
          ? 'none of those contacts resolved it'
          : resolving.length === 1 && resolving[0] === cluster[cluster.length - 1]
            ? 'only the last one resolved it'
            : `${listed(resolving.map((contact) => contact.contactId))} resolved it`;
      const evidence = cluster.flatMap((contact) =>
        entriesOf(journey, contact.streamName)
          .filter((entry) => entry.type === 'ContactStarted' || entry.type === 'ProblemExplained')
          .map((entry) => entry.eventId),
      );
      return [
        findingOf(journey, 'REPEAT_CONTACTS', 'failure', {
          severity: cluster.length >= 3 ? 'high' : 'medium',
          subject: cluster[0].streamName,
          sentence: `The customer contacted us ${cluster.length} times within ${duration(span)} (${listed(ids)})${explaining}; ${outcome}.`,
          evidence,
          at: cluster[Math.max(2, thresholds.repeatContactsMin) - 1].startedAt,
          details: {
            contacts: cluster.length,
            spanMs: span,
            explanations: cluster.reduce((total, contact) => total + contact.problemExplanations, 0),
            resolvedOn: resolving.length,
          },
        }),
      ];
    });
  },
};
