/**
 * What our own frontends may do to a callback. Reaching the customer completes the callback, which is
 * why one attempt can record two events.
 */
import type { Command } from '../shared/command';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error';
import { createEventFactory } from '../shared/event';
import { ignoreUnknownEvent, rejectUnknownCommand } from '../shared/exhaustive';
import {
  callbackEvents,
  type CallbackAttempted,
  type CallbackEvent,
  type CallbackPromised,
  type CallbackRequested,
} from './callback.events';

type CallbackCommandOf<Type extends string, Data extends object> = Command<Type, Data> & {
  readonly callbackId: string;
};

export type RequestCallback = CallbackCommandOf<'RequestCallback', CallbackRequested['data']>;
export type PromiseCallback = CallbackCommandOf<'PromiseCallback', CallbackPromised['data']>;
export type AttemptCallback = CallbackCommandOf<'AttemptCallback', CallbackAttempted['data']>;
export type CallbackCommand = RequestCallback | PromiseCallback | AttemptCallback;

export interface CallbackState {
  readonly requested: boolean;
  readonly completed: boolean;
  readonly cancelled: boolean;
}

const initialCallbackState: CallbackState = { requested: false, completed: false, cancelled: false };

function evolveCallback(state: CallbackState, event: CallbackEvent): CallbackState {
  switch (event.type) {
    case 'CallbackRequested':
      return { ...state, requested: true };
    case 'CallbackCompleted':
      return { ...state, completed: true };
    case 'CallbackCancelled':
      return { ...state, cancelled: true };
    case 'CallbackPromised':
    case 'CallbackAttempted':
      return state;
    default:
      return ignoreUnknownEvent(event, state);
  }
}

const callbackEvent = createEventFactory(callbackEvents);

function decideCallback(command: CallbackCommand, state: CallbackState): CallbackEvent[] {
  switch (command.type) {
    case 'RequestCallback':
      if (state.requested) {
        throw new IllegalStateError(
          'CALLBACK.ALREADY_REQUESTED',
          `Callback ${command.callbackId} has already been requested`,
        );
      }
      return [callbackEvent('CallbackRequested', command.data)];
    case 'PromiseCallback':
      ensurePending(command, state);
      if (!isLater(command.data.dueBy, command.metadata.now)) {
        throw new ValidationError(
          'CALLBACK.DUE_BY_NOT_IN_FUTURE',
          `A callback promised at ${command.metadata.now} cannot be due by ${command.data.dueBy}`,
          'data.dueBy',
        );
      }
      return [callbackEvent('CallbackPromised', command.data)];
    case 'AttemptCallback': {
      ensurePending(command, state);
      const attempted = callbackEvent('CallbackAttempted', command.data);
      return command.data.outcome === 'reached'
        ? [attempted, callbackEvent('CallbackCompleted', { contactId: command.data.contactId })]
        : [attempted];
    }
    default:
      return rejectUnknownCommand(command);
  }
}

function ensurePending(command: CallbackCommand, state: CallbackState): void {
  if (!state.requested) {
    throw new NotFoundError('CALLBACK.NOT_REQUESTED', `Callback ${command.callbackId} has not been requested`);
  }
  if (state.completed) {
    throw new IllegalStateError('CALLBACK.ALREADY_COMPLETED', `Callback ${command.callbackId} has already happened`);
  }
  if (state.cancelled) {
    throw new IllegalStateError('CALLBACK.CANCELLED', `Callback ${command.callbackId} was cancelled`);
  }
}

/** False as well when either is not a timestamp; the schema then says which field is wrong. */
function isLater(timestamp: string, than: string): boolean {
  return Date.parse(timestamp) > Date.parse(than);
}

export const callbackDecider: Decider<CallbackState, CallbackCommand, CallbackEvent> = {
  initialState: initialCallbackState,
  evolve: evolveCallback,
  decide: decideCallback,
};
