/**
 * What our own frontends may do to a contact, and the state those decisions need. Recorded facts from
 * telephony go around `decide` straight into the stream, so `evolve` must take any of them, in any order.
 */
import type { Command } from '../shared/command';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError } from '../shared/domain-error';
import { createEventFactory } from '../shared/event';
import { ignoreUnknownEvent, rejectUnknownCommand } from '../shared/exhaustive';
import {
  contactEvents,
  type ContactDisconnected,
  type ContactEvent,
  type ContactStarted,
  type HoldEnded,
  type HoldStarted,
  type TransferInitiated,
} from './contact.events';

type ContactCommandOf<Type extends string, Data extends object> = Command<Type, Data> & {
  readonly contactId: string;
};

export type StartContact = ContactCommandOf<'StartContact', ContactStarted['data']>;
export type PlaceOnHold = ContactCommandOf<'PlaceOnHold', HoldStarted['data']>;
export type ResumeFromHold = ContactCommandOf<'ResumeFromHold', HoldEnded['data']>;
export type TransferContact = ContactCommandOf<'TransferContact', TransferInitiated['data']>;
export type DisconnectContact = ContactCommandOf<'DisconnectContact', ContactDisconnected['data']>;
export type ContactCommand = StartContact | PlaceOnHold | ResumeFromHold | TransferContact | DisconnectContact;

/** Flags rather than one status, so that facts folded out of order still leave a sensible state. */
export interface ContactState {
  readonly started: boolean;
  readonly disconnected: boolean;
  readonly onHold: boolean;
  readonly transferInProgress: boolean;
}

const initialContactState: ContactState = {
  started: false,
  disconnected: false,
  onHold: false,
  transferInProgress: false,
};

function evolveContact(state: ContactState, event: ContactEvent): ContactState {
  switch (event.type) {
    case 'ContactStarted':
      return { ...state, started: true };
    case 'HoldStarted':
      return { ...state, onHold: true };
    case 'HoldEnded':
      return { ...state, onHold: false };
    case 'TransferInitiated':
      return { ...state, transferInProgress: true };
    case 'TransferCompleted':
    case 'TransferFailed':
      return { ...state, transferInProgress: false };
    case 'ContactDisconnected':
      return { ...state, disconnected: true };
    case 'CustomerIdentified':
    case 'ContactQueued':
    case 'ContactAnswered':
    case 'ProblemExplained':
    case 'MessageLeft':
    case 'ContactWrappedUp':
      return state;
    default:
      return ignoreUnknownEvent(event, state);
  }
}

const contactEvent = createEventFactory(contactEvents);

function decideContact(command: ContactCommand, state: ContactState): ContactEvent[] {
  switch (command.type) {
    case 'StartContact':
      if (state.started) {
        throw new IllegalStateError('CONTACT.ALREADY_STARTED', `Contact ${command.contactId} has already started`);
      }
      return [contactEvent('ContactStarted', command.data)];
    case 'PlaceOnHold':
      ensureOngoing(command, state);
      if (state.onHold) {
        throw new IllegalStateError('CONTACT.ALREADY_ON_HOLD', `Contact ${command.contactId} is already on hold`);
      }
      return [contactEvent('HoldStarted', command.data)];
    case 'ResumeFromHold':
      ensureOngoing(command, state);
      if (!state.onHold) {
        throw new IllegalStateError('CONTACT.NOT_ON_HOLD', `Contact ${command.contactId} is not on hold`);
      }
      return [contactEvent('HoldEnded', command.data)];
    case 'TransferContact':
      ensureOngoing(command, state);
      if (state.transferInProgress) {
        throw new IllegalStateError(
          'CONTACT.TRANSFER_IN_PROGRESS',
          `Contact ${command.contactId} is already being transferred`,
        );
      }
      return [contactEvent('TransferInitiated', command.data)];
    case 'DisconnectContact':
      ensureOngoing(command, state);
      return [contactEvent('ContactDisconnected', command.data)];
    default:
      return rejectUnknownCommand(command);
  }
}

function ensureOngoing(command: ContactCommand, state: ContactState): void {
  if (!state.started) {
    throw new NotFoundError('CONTACT.NOT_STARTED', `Contact ${command.contactId} has not started`);
  }
  if (state.disconnected) {
    throw new IllegalStateError('CONTACT.ALREADY_DISCONNECTED', `Contact ${command.contactId} has already ended`);
  }
}

export const contactDecider: Decider<ContactState, ContactCommand, ContactEvent> = {
  initialState: initialContactState,
  evolve: evolveContact,
  decide: decideContact,
};
