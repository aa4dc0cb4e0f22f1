import { deciderSpec } from '../testing/decider-spec';
import { sampleEvent } from '../testing/sample-events';
import { callbackDecider, type CallbackCommand } from './callback.decider';

const spec = deciderSpec(callbackDecider);
const metadata = { now: '2026-03-05T10:56:00Z' };
const callbackId = 'CB-1';

const requested = sampleEvent('CallbackRequested');
const completed = sampleEvent('CallbackCompleted');
const cancelled = sampleEvent('CallbackCancelled');

const requestCallback: CallbackCommand = {
  type: 'RequestCallback',
  callbackId,
  data: { customerId: 'cust-northwind', requestedBy: 'agent', contactId: 'C-3', caseId: 'T-2', assignedTo: 'agent-3' },
  metadata,
};
const promiseCallback: CallbackCommand = {
  type: 'PromiseCallback',
  callbackId,
  data: { promisedBy: 'agent-3', dueBy: '2026-03-05T15:56:00Z' },
  metadata,
};
const attemptCallback = (outcome: 'reached' | 'no_answer'): CallbackCommand => ({
  type: 'AttemptCallback',
  callbackId,
  data: { outcome, agentId: 'agent-3', contactId: 'C-4' },
  metadata,
});

const commandsOnAPendingCallback = [promiseCallback, attemptCallback('no_answer')];

describe('callbackDecider', () => {
  describe('requestCallback', () => {
    it('records who asked for the callback, for whom and on which contact', () => {
      spec
        .given([])
        .when(requestCallback)
        .then([{ type: 'CallbackRequested', data: requestCallback.data }]);
    });

    it('refuses a second request for the same callback', () => {
      spec.given([requested]).when(requestCallback).thenThrows('CALLBACK.ALREADY_REQUESTED');
    });
  });

  describe('promiseCallback', () => {
    it('records who promised it and by when', () => {
      spec
        .given([requested])
        .when(promiseCallback)
        .then([{ type: 'CallbackPromised', data: { promisedBy: 'agent-3', dueBy: '2026-03-05T15:56:00Z' } }]);
    });

    it('accepts a new due time for a callback already promised', () => {
      spec
        .given([requested, sampleEvent('CallbackPromised')])
        .when(promiseCallback)
        .then([{ type: 'CallbackPromised', data: promiseCallback.data }]);
    });

    const notAfterNow = ['2026-03-05T10:56:00Z', '2026-03-05T09:00:00Z'];
    it.each(notAfterNow)('refuses a callback due by %s, not after now', (dueBy) => {
      const error = spec
        .given([requested])
        .when({ ...promiseCallback, data: { promisedBy: 'agent-3', dueBy } })
        .thenThrows('CALLBACK.DUE_BY_NOT_IN_FUTURE');
      expect(error).toMatchObject({ category: 'validation', path: 'data.dueBy' });
    });

    it('refuses a due time without a timezone', () => {
      const error = spec
        .given([requested])
        .when({ ...promiseCallback, data: { promisedBy: 'agent-3', dueBy: '2026-03-05T15:56:00' } })
        .thenThrows('COMMAND.INVALID_DATA');
      expect(error.path).toBe('data.dueBy');
    });
  });

  describe('attemptCallback', () => {
    it('records an attempt that did not reach the customer, and nothing more', () => {
      spec
        .given([requested])
        .when(attemptCallback('no_answer'))
        .then([{ type: 'CallbackAttempted', data: { outcome: 'no_answer', agentId: 'agent-3', contactId: 'C-4' } }]);
    });

    it('completes the callback when the customer is reached', () => {
      spec
        .given([requested])
        .when(attemptCallback('reached'))
        .then([
          { type: 'CallbackAttempted', data: { outcome: 'reached', agentId: 'agent-3', contactId: 'C-4' } },
          { type: 'CallbackCompleted', data: { contactId: 'C-4' } },
        ]);
    });
  });

  describe.each(commandsOnAPendingCallback)('$type', (command) => {
    it('is refused for a callback nobody requested', () => {
      const error = spec.given([]).when(command).thenThrows('CALLBACK.NOT_REQUESTED');
      expect(error.category).toBe('not_found');
    });

    it('is refused once the callback has happened', () => {
      spec.given([requested, completed]).when(command).thenThrows('CALLBACK.ALREADY_COMPLETED');
    });

    it('is refused once the callback was cancelled', () => {
      spec.given([requested, cancelled]).when(command).thenThrows('CALLBACK.CANCELLED');
    });
  });
});
