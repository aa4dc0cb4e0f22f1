/** ./vendor-ticket.md, fact by fact. The callback C-3 promised is ours to name: CB-1. */
import { callbackStream, caseStream, contactStream } from '../shared/stream-name';
import { story, voiceCall } from './story';

const customerId = 'cust-northwind';

export const theTicketThatNobodyOwned = story('vendor-ticket', 'The ticket that nobody owned', [
  [
    '2026-03-02T09:00:00Z',
    caseStream('T-1'),
    {
      type: 'CaseOpened',
      data: { customerId, subject: "An integration with the vendor's service is failing", channel: 'portal' },
    },
  ],
  ['2026-03-05T10:00:00Z', contactStream('C-1'), { type: 'ContactStarted', data: voiceCall('inbound') }],
  ['2026-03-05T10:00:00Z', contactStream('C-1'), { type: 'CustomerIdentified', data: { customerId, method: 'ivr' } }],
  ['2026-03-05T10:02:00Z', contactStream('C-1'), { type: 'ContactQueued', data: { queueId: 'queue-support' } }],
  ['2026-03-05T10:06:00Z', contactStream('C-1'), { type: 'ContactAnswered', data: { agentId: 'agent-1' } }],
  [
    '2026-03-05T10:06:00Z',
    contactStream('C-1'),
    { type: 'ProblemExplained', data: { summary: 'T-1 is three days old and unresolved', caseId: 'T-1' } },
  ],
  [
    '2026-03-05T10:08:00Z',
    contactStream('C-1'),
    // Nobody asked the customer, so the customer did not agree.
    { type: 'HoldStarted', data: { reason: 'to confirm identity', customerConsent: 'no' } },
  ],
  [
    '2026-03-05T10:29:30Z',
    contactStream('C-1'),
    { type: 'ContactDisconnected', data: { by: 'customer', reason: 'hung up while on hold' } },
  ],
  ['2026-03-05T10:32:00Z', contactStream('C-2'), { type: 'ContactStarted', data: voiceCall('inbound') }],
  ['2026-03-05T10:32:00Z', contactStream('C-2'), { type: 'CustomerIdentified', data: { customerId, method: 'ivr' } }],
  ['2026-03-05T10:36:00Z', contactStream('C-2'), { type: 'ContactAnswered', data: { agentId: 'agent-2' } }],
  [
    '2026-03-05T10:36:00Z',
    contactStream('C-2'),
    {
      type: 'ProblemExplained',
      data: { summary: 'Explained the failing integration a second time; asked not to be put on hold', caseId: 'T-1' },
    },
  ],
  [
    '2026-03-05T10:40:00Z',
    contactStream('C-2'),
    {
      type: 'ContactDisconnected',
      // Telephony cannot tell an agent hang-up from a dropped agent line; it reports the agent leg ending first.
      data: { by: 'agent', reason: 'agent leg ended first: an agent hang-up or a dropped line' },
    },
  ],
  ['2026-03-05T10:45:00Z', contactStream('C-3'), { type: 'ContactStarted', data: voiceCall('inbound') }],
  ['2026-03-05T10:50:00Z', contactStream('C-3'), { type: 'ContactAnswered', data: { agentId: 'agent-3' } }],
  [
    '2026-03-05T10:50:00Z',
    contactStream('C-3'),
    {
      type: 'ProblemExplained',
      data: {
        summary: 'Explained the failing integration a third time, mentioning the two earlier calls',
        caseId: 'T-1',
      },
    },
  ],
  [
    '2026-03-05T10:56:00Z',
    caseStream('T-2'),
    {
      type: 'CaseOpened',
      data: {
        customerId,
        subject: "An integration with the vendor's service is failing",
        channel: 'voice',
        duplicateOf: 'T-1',
        contactId: 'C-3',
      },
    },
  ],
  [
    '2026-03-05T10:56:00Z',
    callbackStream('CB-1'),
    {
      type: 'CallbackRequested',
      data: { customerId, requestedBy: 'agent', contactId: 'C-3', caseId: 'T-2', assignedTo: 'agent-3' },
    },
  ],
  [
    '2026-03-05T10:56:00Z',
    callbackStream('CB-1'),
    { type: 'CallbackPromised', data: { promisedBy: 'agent-3', dueBy: '2026-03-05T15:56:00Z' } },
  ],
  [
    '2026-03-05T10:58:00Z',
    contactStream('C-3'),
    { type: 'ContactDisconnected', data: { by: 'agent', reason: 'call completed' } },
  ],
  [
    '2026-03-06T02:56:00Z',
    contactStream('C-4'),
    {
      type: 'ContactStarted',
      data: { ...voiceCall('outbound'), origin: 'callback', customerId, caseId: 'T-2', answersCallbackId: 'CB-1' },
    },
  ],
  [
    '2026-03-06T02:56:00Z',
    callbackStream('CB-1'),
    { type: 'CallbackAttempted', data: { outcome: 'reached', contactId: 'C-4' } },
  ],
  ['2026-03-06T02:56:00Z', callbackStream('CB-1'), { type: 'CallbackCompleted', data: { contactId: 'C-4' } }],
  [
    '2026-03-06T02:56:00Z',
    caseStream('T-2'),
    {
      type: 'CustomerUpdated',
      data: {
        channel: 'voice',
        summary: 'The customer will have to restart the process from the beginning',
        contactId: 'C-4',
      },
    },
  ],
  [
    '2026-03-06T02:56:00Z',
    caseStream('T-2'),
    { type: 'CaseClosed', data: { reason: 'process to be restarted from the beginning', resolved: false } },
  ],
  [
    '2026-03-06T09:00:00Z',
    caseStream('T-1'),
    {
      type: 'CustomerLost',
      data: { reason: "Ended the business relationship and wrote to the vendor's chief executive about it" },
    },
  ],
]);
