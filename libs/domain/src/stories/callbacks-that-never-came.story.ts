/**
 * ./callbacks-that-never-came.md, fact by fact. The two voicemails are contacts of their
 * own, ours to name: VM-1 and VM-2.
 */
import { callbackStream, caseStream, contactStream } from '../shared/stream-name';
import { story, voiceCall, type StoryLine } from './story';

const customerId = 'cust-maple';
const websiteProblem = 'Website problem with a second business';

export const callbacksThatNeverCame = story('callbacks-that-never-came', 'Callbacks that never came', [
  // Part A: the update that came three months late
  [
    '2026-01-05T14:00:00Z',
    caseStream('S-1'),
    { type: 'CaseOpened', data: { customerId, subject: 'A question to technical support', channel: 'email' } },
  ],
  [
    '2026-01-06T09:00:00Z',
    caseStream('S-1'),
    {
      type: 'CustomerUpdated',
      data: { channel: 'email', summary: 'Step-by-step instructions for a different task than the one asked about' },
    },
  ],
  [
    '2026-01-06T09:00:00Z',
    caseStream('S-1'),
    { type: 'CaseResolved', data: { resolution: 'Sent step-by-step instructions for a different task' } },
  ],
  [
    '2026-01-06T12:00:00Z',
    caseStream('S-1'),
    { type: 'CaseReopened', data: { reason: 'The question was not answered', by: 'customer' } },
  ],
  [
    '2026-01-07T10:00:00Z',
    contactStream('M-1'),
    { type: 'ContactStarted', data: { ...voiceCall('inbound'), customerId, caseId: 'S-1' } },
  ],
  ['2026-01-07T10:03:00Z', contactStream('M-1'), { type: 'ContactAnswered', data: { agentId: 'agent-7' } }],
  [
    '2026-01-07T10:03:00Z',
    caseStream('S-1'),
    {
      type: 'ExpectationSet',
      data: {
        kind: 'status_update',
        what: 'A call with a status update within one week',
        dueBy: '2026-01-14T10:00:00Z',
        promisedBy: 'agent-7',
        contactId: 'M-1',
      },
    },
  ],
  [
    '2026-01-07T10:15:00Z',
    contactStream('M-1'),
    // The story does not say who hung up; a call that simply ends is recorded as the agent closing it.
    { type: 'ContactDisconnected', data: { by: 'agent', reason: 'call completed' } },
  ],
  [
    '2026-04-07T15:00:00Z',
    contactStream('M-2'),
    { type: 'ContactStarted', data: { ...voiceCall('outbound'), customerId, caseId: 'S-1' } },
  ],
  [
    '2026-04-07T15:00:00Z',
    caseStream('S-1'),
    {
      type: 'CustomerUpdated',
      data: { channel: 'voice', summary: 'The status update promised on M-1', contactId: 'M-2' },
    },
  ],

  // Part B: the messages nobody returned
  ...unreturnedVoicemail('2026-02-02T09:00:00Z', 'VM-1', 'W-1'),
  ...unreturnedVoicemail('2026-02-09T09:00:00Z', 'VM-2', 'W-2'),
  [
    '2026-02-16T11:00:00Z',
    contactStream('W-3'),
    { type: 'ContactStarted', data: { ...voiceCall('inbound'), customerId } },
  ],
  ['2026-02-16T11:00:00Z', contactStream('W-3'), { type: 'ContactAnswered', data: { agentId: 'agent-20' } }],
  [
    '2026-02-16T11:20:00Z',
    caseStream('W-CASE'),
    { type: 'CaseOpened', data: { customerId, subject: websiteProblem, channel: 'voice', contactId: 'W-3' } },
  ],
  [
    '2026-02-16T11:20:00Z',
    caseStream('W-CASE'),
    {
      type: 'CaseEscalated',
      data: {
        to: 'agent-20',
        from: 'agent-12',
        reason: 'The customer called the manager after two callback requests to agent-12 (W-1, W-2) went unreturned',
        initiatedBy: 'customer',
      },
    },
  ],
  [
    '2026-02-16T11:20:00Z',
    caseStream('W-CASE'),
    { type: 'CaseResolved', data: { resolution: 'Resolved on the call', resolvedBy: 'agent-20', contactId: 'W-3' } },
  ],
]);

/** A voicemail for the assigned representative asking to be called back, as a contact and a callback request. */
function unreturnedVoicemail(occurredAt: string, contactId: string, callbackId: string): StoryLine[] {
  return [
    [
      occurredAt,
      contactStream(contactId),
      { type: 'ContactStarted', data: { ...voiceCall('inbound'), customerId } },
    ],
    [
      occurredAt,
      contactStream(contactId),
      {
        type: 'MessageLeft',
        data: {
          kind: 'voicemail',
          leftBy: 'customer',
          recipientId: 'agent-12',
          summary: `${websiteProblem}; please call back`,
        },
      },
    ],
    [
      occurredAt,
      contactStream(contactId),
      { type: 'ContactDisconnected', data: { by: 'customer', reason: 'voicemail left' } },
    ],
    [
      occurredAt,
      callbackStream(callbackId),
      {
        type: 'CallbackRequested',
        data: { customerId, requestedBy: 'customer', contactId, assignedTo: 'agent-12', reason: websiteProblem },
      },
    ],
  ];
}
