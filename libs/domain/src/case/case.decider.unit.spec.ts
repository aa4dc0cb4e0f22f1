import { deciderSpec } from '../testing/decider-spec';
import { sampleEvent } from '../testing/sample-events';
import { caseDecider, type CaseCommand } from './case.decider';

const spec = deciderSpec(caseDecider);
const metadata = { now: '2026-01-06T12:00:00Z' };
const caseId = 'S-1';

const opened = sampleEvent('CaseOpened');
const resolved = sampleEvent('CaseResolved');
const reopened = sampleEvent('CaseReopened');
const closedUnresolved = { type: 'CaseClosed', data: { reason: 'duplicate', resolved: false } } as const;
const closedResolved = { type: 'CaseClosed', data: { reason: 'resolved and confirmed', resolved: true } } as const;

const openCase: CaseCommand = {
  type: 'OpenCase',
  caseId: 'T-2',
  data: {
    customerId: 'cust-northwind',
    subject: 'Integration failing',
    channel: 'voice',
    duplicateOf: 'T-1',
    contactId: 'C-3',
  },
  metadata,
};
const escalateCase: CaseCommand = {
  type: 'EscalateCase',
  caseId,
  data: { to: 'agent-20', from: 'agent-12', reason: 'two callbacks never returned', initiatedBy: 'customer' },
  metadata,
};
const updateCustomer: CaseCommand = {
  type: 'UpdateCustomer',
  caseId,
  data: { channel: 'email', summary: 'We are on it', contactId: 'M-2' },
  metadata,
};
const resolveCase: CaseCommand = {
  type: 'ResolveCase',
  caseId,
  data: { resolution: 'Answered the question asked', resolvedBy: 'agent-7' },
  metadata,
};
const reopenCase: CaseCommand = {
  type: 'ReopenCase',
  caseId,
  data: { reason: 'The question was not answered', by: 'customer' },
  metadata,
};
const recordFollowUp: CaseCommand = {
  type: 'RecordFollowUp',
  caseId,
  data: { outcome: 'confirmed_resolved', contactId: 'M-3' },
  metadata,
};

const commandsOnAnOpenCase = [escalateCase, updateCustomer, resolveCase, reopenCase];

describe('caseDecider', () => {
  describe('openCase', () => {
    it('opens a case with its customer, subject, channel and the case it duplicates', () => {
      spec.given([]).when(openCase).then([{ type: 'CaseOpened', data: openCase.data }]);
    });

    it('refuses to open a case twice', () => {
      spec.given([opened]).when(openCase).thenThrows('CASE.ALREADY_OPENED');
    });

    it('refuses a case that duplicates itself', () => {
      const error = spec
        .given([])
        .when({ ...openCase, caseId: 'T-1' })
        .thenThrows('CASE.DUPLICATE_OF_ITSELF');
      expect(error.path).toBe('data.duplicateOf');
    });
  });

  describe('escalateCase', () => {
    it('records to whom, over whom, why and who escalated', () => {
      spec.given([opened]).when(escalateCase).then([{ type: 'CaseEscalated', data: escalateCase.data }]);
    });

    it('refuses to escalate a resolved case', () => {
      spec.given([opened, resolved]).when(escalateCase).thenThrows('CASE.ALREADY_RESOLVED');
    });
  });

  describe('updateCustomer', () => {
    it('records the status update that went out', () => {
      spec.given([opened]).when(updateCustomer).then([{ type: 'CustomerUpdated', data: updateCustomer.data }]);
    });

    it('still tells the customer something after the resolution', () => {
      spec
        .given([opened, resolved])
        .when(updateCustomer)
        .then([{ type: 'CustomerUpdated', data: updateCustomer.data }]);
    });
  });

  describe('resolveCase', () => {
    it('records the resolution', () => {
      spec.given([opened]).when(resolveCase).then([{ type: 'CaseResolved', data: resolveCase.data }]);
    });

    it('refuses a second resolution without a reopen in between', () => {
      spec.given([opened, resolved]).when(resolveCase).thenThrows('CASE.ALREADY_RESOLVED');
    });

    it('resolves again after a reopen', () => {
      spec
        .given([opened, resolved, reopened])
        .when(resolveCase)
        .then([{ type: 'CaseResolved', data: resolveCase.data }]);
    });
  });

  describe('reopenCase', () => {
    it('records why and by whom', () => {
      spec.given([opened, resolved]).when(reopenCase).then([{ type: 'CaseReopened', data: reopenCase.data }]);
    });

    it('refuses to reopen a case that was never resolved', () => {
      spec.given([opened]).when(reopenCase).thenThrows('CASE.NOT_RESOLVED');
    });

    it('refuses to reopen it twice', () => {
      spec.given([opened, resolved, reopened]).when(reopenCase).thenThrows('CASE.NOT_RESOLVED');
    });
  });

  describe('recordFollowUp', () => {
    it('records the follow-up after the resolution', () => {
      spec
        .given([opened, resolved])
        .when(recordFollowUp)
        .then([{ type: 'FollowUpCompleted', data: recordFollowUp.data }]);
    });

    it('records a follow-up on a case closed as resolved', () => {
      spec
        .given([opened, closedResolved])
        .when(recordFollowUp)
        .then([{ type: 'FollowUpCompleted', data: recordFollowUp.data }]);
    });

    it('refuses a follow-up before any resolution', () => {
      spec.given([opened]).when(recordFollowUp).thenThrows('CASE.NOT_RESOLVED');
    });

    it('refuses a follow-up on a case closed without a fix', () => {
      spec.given([opened, resolved, closedUnresolved]).when(recordFollowUp).thenThrows('CASE.NOT_RESOLVED');
    });

    it('refuses a follow-up on a case never opened', () => {
      spec.given([]).when(recordFollowUp).thenThrows('CASE.NOT_OPENED');
    });
  });

  describe.each(commandsOnAnOpenCase)('$type', (command) => {
    it('is refused on a case never opened', () => {
      const error = spec.given([]).when(command).thenThrows('CASE.NOT_OPENED');
      expect(error.category).toBe('not_found');
    });

    it('is refused on a closed case', () => {
      spec.given([opened, resolved, closedResolved]).when(command).thenThrows('CASE.CLOSED');
    });
  });

  it('takes commands again once a closed case is reopened by its ticketing system', () => {
    spec
      .given([opened, closedUnresolved, reopened])
      .when(updateCustomer)
      .then([{ type: 'CustomerUpdated', data: updateCustomer.data }]);
  });
});
