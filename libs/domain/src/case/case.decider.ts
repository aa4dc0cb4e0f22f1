/**
 * What our own frontends may do to a case. The rules a post-mortem relies on are enforced here: one
 * resolution at a time (a second needs a reopen in between), a reopen only after a resolution, nothing
 * but a follow-up once the case is closed.
 */
import type { Command } from '../shared/command';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error';
import { createEventFactory } from '../shared/event';
import { ignoreUnknownEvent, rejectUnknownCommand } from '../shared/exhaustive';
import {
  caseEvents,
  type CaseEscalated,
  type CaseEvent,
  type CaseOpened,
  type CaseReopened,
  type CaseResolved,
  type CustomerUpdated,
  type FollowUpCompleted,
} from './case.events';

type CaseCommandOf<Type extends string, Data extends object> = Command<Type, Data> & { readonly caseId: string };

export type OpenCase = CaseCommandOf<'OpenCase', CaseOpened['data']>;
export type EscalateCase = CaseCommandOf<'EscalateCase', CaseEscalated['data']>;
export type UpdateCustomer = CaseCommandOf<'UpdateCustomer', CustomerUpdated['data']>;
export type ResolveCase = CaseCommandOf<'ResolveCase', CaseResolved['data']>;
export type ReopenCase = CaseCommandOf<'ReopenCase', CaseReopened['data']>;
export type RecordFollowUp = CaseCommandOf<'RecordFollowUp', FollowUpCompleted['data']>;
export type CaseCommand = OpenCase | EscalateCase | UpdateCustomer | ResolveCase | ReopenCase | RecordFollowUp;

export interface CaseState {
  readonly opened: boolean;
  readonly resolved: boolean;
  readonly closed: boolean;
}

const initialCaseState: CaseState = { opened: false, resolved: false, closed: false };

function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { ...state, opened: true };
    case 'CaseResolved':
      return { ...state, resolved: true };
    case 'CaseReopened':
      // Ticketing systems reopen closed cases too: a reopened case is open again either way.
      return { ...state, resolved: false, closed: false };
    case 'CaseClosed':
      // Closing has the last word on whether the case ended resolved.
      return { ...state, closed: true, resolved: event.data.resolved };
    case 'CaseAssigned':
    case 'CaseEscalated':
    case 'CustomerUpdated':
    case 'FollowUpCompleted':
    case 'FeedbackReceived':
    case 'ExpectationSet':
    case 'CustomerLost':
      return state;
    default:
      return ignoreUnknownEvent(event, state);
  }
}

const caseEvent = createEventFactory(caseEvents);

function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'OpenCase':
      if (state.opened) {
        throw new IllegalStateError('CASE.ALREADY_OPENED', `Case ${command.caseId} is already open`);
      }
      if (command.data.duplicateOf === command.caseId) {
        throw new ValidationError(
          'CASE.DUPLICATE_OF_ITSELF',
          `Case ${command.caseId} cannot duplicate itself`,
          'data.duplicateOf',
        );
      }
      return [caseEvent('CaseOpened', command.data)];
    case 'EscalateCase':
      ensureOpen(command, state);
      ensureUnresolved(command, state);
      return [caseEvent('CaseEscalated', command.data)];
    case 'UpdateCustomer':
      ensureOpen(command, state);
      return [caseEvent('CustomerUpdated', command.data)];
    case 'ResolveCase':
      ensureOpen(command, state);
      ensureUnresolved(command, state);
      return [caseEvent('CaseResolved', command.data)];
    case 'ReopenCase':
      ensureOpen(command, state);
      ensureResolved(command, state);
      return [caseEvent('CaseReopened', command.data)];
    case 'RecordFollowUp':
      // Closed is fine: following up usually happens after the case was closed.
      ensureOpened(command, state);
      ensureResolved(command, state);
      return [caseEvent('FollowUpCompleted', command.data)];
    default:
      return rejectUnknownCommand(command);
  }
}

function ensureOpened(command: CaseCommand, state: CaseState): void {
  if (!state.opened) {
    throw new NotFoundError('CASE.NOT_OPENED', `Case ${command.caseId} has not been opened`);
  }
}

function ensureOpen(command: CaseCommand, state: CaseState): void {
  ensureOpened(command, state);
  if (state.closed) {
    throw new IllegalStateError('CASE.CLOSED', `Case ${command.caseId} is closed`);
  }
}

function ensureUnresolved(command: CaseCommand, state: CaseState): void {
  if (state.resolved) {
    throw new IllegalStateError(
      'CASE.ALREADY_RESOLVED',
      `Case ${command.caseId} is already resolved; reopen it first`,
    );
  }
}

function ensureResolved(command: CaseCommand, state: CaseState): void {
  if (!state.resolved) {
    throw new IllegalStateError('CASE.NOT_RESOLVED', `Case ${command.caseId} has not been resolved`);
  }
}

export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};
