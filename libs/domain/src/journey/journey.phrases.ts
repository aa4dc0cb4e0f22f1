/**
 * The words of the journey's timeline: the small phrases the walks (contacts.walk.ts, callbacks.walk.ts,
 * cases.walk.ts) put into the one English sentence each fact gets. Each sentence is written where its fact
 * is walked; what several of them say the same way is here, so it is said the same way everywhere.
 *
 * Phrases only turn values into words: they never change a draft, raise a note or decide what a fact means.
 */
import type { ExpectationKind } from '../case/case.events';
import type {
  DisconnectParty,
  HoldConsent,
  IdentificationMethod,
  TransferKind,
  TransferTargetType,
} from '../contact/contact.events';
import type { JourneyFact } from './journey-fact';
import { formatDuration } from './journey-time';

/** A fact whose type this fold does not know yet: shown on the timeline, counted nowhere. */
export function describeUnknown(fact: never): string {
  const { type, streamName } = fact as JourneyFact;
  return `${String(type)} on ${streamName}.`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export const identificationPhrase: Readonly<Record<IdentificationMethod, string>> = {
  ivr: 'in the IVR',
  caller_id: 'by caller id',
  agent: 'by the agent',
  authenticated_session: 'by a signed-in session',
};

export const expectationPhrase: Readonly<Record<ExpectationKind, string>> = {
  status_update: 'a status update',
  resolution: 'a resolution',
  delivery: 'a delivery',
  other: 'something',
};

export function consentPhrase(consent: HoldConsent): string {
  return consent === 'yes'
    ? "with the customer's consent"
    : consent === 'no'
      ? "without the customer's consent"
      : 'without a record of whether the customer agreed';
}

export function transferPhrase(data: {
  readonly kind: TransferKind;
  readonly target: { readonly type: TransferTargetType; readonly id: string };
  readonly contextShared: boolean;
}): string {
  return `${data.kind} transfer to ${data.target.type} ${data.target.id}, ${data.contextShared ? 'with' : 'without'} context`;
}

export function disconnectPhrase(by: DisconnectParty): string {
  switch (by) {
    case 'customer':
      return 'the customer hung up';
    case 'agent':
      return "the agent's side ended it";
    case 'system':
      return 'the system ended it';
    case 'network':
      return 'the line dropped';
  }
}

export function lateness(at: number, dueBy: number | null): string {
  if (dueBy === null) return '';
  return at > dueBy ? `, ${formatDuration(at - dueBy)} after it was due` : ', in time';
}
