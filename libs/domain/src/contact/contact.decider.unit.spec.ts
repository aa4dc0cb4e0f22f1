import { deciderSpec } from '../testing/decider-spec';
import { sampleEvent } from '../testing/sample-events';
import { contactDecider, type ContactCommand } from './contact.decider';
import type { ContactEvent } from './contact.events';

const spec = deciderSpec(contactDecider);
const metadata = { now: '2026-03-05T10:08:00Z' };
const contactId = 'C-1';

const started = sampleEvent('ContactStarted');
const onHold = sampleEvent('HoldStarted');
const disconnected = sampleEvent('ContactDisconnected');
const transferring = sampleEvent('TransferInitiated');

const startContact: ContactCommand = {
  type: 'StartContact',
  contactId,
  data: { channel: 'voice', direction: 'inbound', origin: 'transfer', transferredFromContactId: 'C-0' },
  metadata,
};
const placeOnHold: ContactCommand = {
  type: 'PlaceOnHold',
  contactId,
  data: { reason: 'to confirm identity', customerConsent: 'no' },
  metadata,
};
const resumeFromHold: ContactCommand = { type: 'ResumeFromHold', contactId, data: {}, metadata };
const transferContact: ContactCommand = {
  type: 'TransferContact',
  contactId,
  data: { kind: 'blind', target: { type: 'queue', id: 'queue-billing' }, contextShared: false },
  metadata,
};
const disconnectContact: ContactCommand = {
  type: 'DisconnectContact',
  contactId,
  data: { by: 'agent', reason: 'call completed' },
  metadata,
};

const commandsOnAStartedContact = [placeOnHold, resumeFromHold, transferContact, disconnectContact];

describe('contactDecider', () => {
  describe('startContact', () => {
    it('starts a contact with its channel, direction, origin and links', () => {
      spec
        .given([])
        .when(startContact)
        .then([
          {
            type: 'ContactStarted',
            data: { channel: 'voice', direction: 'inbound', origin: 'transfer', transferredFromContactId: 'C-0' },
          },
        ]);
    });

    it('refuses to start a contact twice', () => {
      spec.given([started]).when(startContact).thenThrows('CONTACT.ALREADY_STARTED');
    });
  });

  describe('placeOnHold', () => {
    it('records the hold with its reason and whether the customer agreed', () => {
      spec
        .given([started])
        .when(placeOnHold)
        .then([{ type: 'HoldStarted', data: { reason: 'to confirm identity', customerConsent: 'no' } }]);
    });

    it('allows a second hold once the first has ended', () => {
      spec
        .given([started, onHold, sampleEvent('HoldEnded')])
        .when(placeOnHold)
        .then([{ type: 'HoldStarted', data: placeOnHold.data }]);
    });

    it('refuses a hold while the customer is already on hold', () => {
      spec.given([started, onHold]).when(placeOnHold).thenThrows('CONTACT.ALREADY_ON_HOLD');
    });

    it('names the field when the reason is blank', () => {
      const error = spec
        .given([started])
        .when({ ...placeOnHold, data: { reason: ' ', customerConsent: 'yes' } })
        .thenThrows('COMMAND.INVALID_DATA');
      expect(error).toMatchObject({ category: 'validation', path: 'data.reason' });
    });
  });

  describe('resumeFromHold', () => {
    it('ends the hold', () => {
      spec.given([started, onHold]).when(resumeFromHold).then([{ type: 'HoldEnded', data: {} }]);
    });

    it('refuses when the customer is not on hold', () => {
      spec.given([started]).when(resumeFromHold).thenThrows('CONTACT.NOT_ON_HOLD');
    });
  });

  describe('transferContact', () => {
    it('initiates the transfer with its kind, target and whether context goes along', () => {
      spec
        .given([started])
        .when(transferContact)
        .then([
          {
            type: 'TransferInitiated',
            data: { kind: 'blind', target: { type: 'queue', id: 'queue-billing' }, contextShared: false },
          },
        ]);
    });

    it('refuses a second transfer while one is under way', () => {
      spec.given([started, transferring]).when(transferContact).thenThrows('CONTACT.TRANSFER_IN_PROGRESS');
    });

    it.each<ContactEvent>([sampleEvent('TransferCompleted'), sampleEvent('TransferFailed')])(
      'allows another transfer after $type',
      (outcome) => {
        spec
          .given([started, transferring, outcome])
          .when(transferContact)
          .then([{ type: 'TransferInitiated', data: transferContact.data }]);
      },
    );
  });

  describe('disconnectContact', () => {
    it('records who ended the contact and why', () => {
      spec
        .given([started])
        .when(disconnectContact)
        .then([{ type: 'ContactDisconnected', data: { by: 'agent', reason: 'call completed' } }]);
    });

    it('ends a contact whose customer is on hold', () => {
      spec
        .given([started, onHold])
        .when(disconnectContact)
        .then([{ type: 'ContactDisconnected', data: disconnectContact.data }]);
    });
  });

  describe.each(commandsOnAStartedContact)('$type', (command) => {
    it('is refused on a contact that has not started', () => {
      const error = spec.given([]).when(command).thenThrows('CONTACT.NOT_STARTED');
      expect(error.category).toBe('not_found');
    });

    it('is refused on a disconnected contact', () => {
      spec.given([started, onHold, disconnected]).when(command).thenThrows('CONTACT.ALREADY_DISCONNECTED');
    });

    it('is refused even when the disconnect was recorded before the start arrived', () => {
      spec.given([disconnected, started]).when(command).thenThrows('CONTACT.ALREADY_DISCONNECTED');
    });
  });

  it('rejects a command it does not know', () => {
    const unknown = { type: 'ArchiveContact', contactId, data: {}, metadata } as unknown as ContactCommand;
    spec.given([started]).when(unknown).thenThrows('COMMAND.UNKNOWN_TYPE');
  });
});
