import { callbackEvents } from '../callback/callback.events';
import { caseEvents } from '../case/case.events';
import { contactEvents } from '../contact/contact.events';
import { privacyEvents } from '../privacy/privacy.events';
import { reviewEvents } from '../review/review.events';
import { sampleEvents } from '../testing/sample-events';
import { eventCatalog, eventTypes, journeyEventTypes, parseEvent, parseEventForStream, parseFactForStream } from './event-catalog';
import { rejectionOf } from '../testing/rejection';

describe('eventCatalog', () => {
  it('lists every event type once, with no type claimed by two categories', () => {
    const declared = [contactEvents, callbackEvents, caseEvents, reviewEvents, privacyEvents].flatMap((events) => Object.keys(events));
    expect(eventTypes).toEqual(declared);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it.each(eventTypes)('gives %s a PascalCase name, a version and a one-line description', (type) => {
    const definition = eventCatalog[type];
    expect(definition.type).toBe(type);
    expect(type).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(definition.schemaVersion).toBe(1);
    expect(definition.description).toMatch(/^[A-Z].*\.$/);
    expect(definition.description).not.toContain('\n');
  });
});

describe(parseEvent.name, () => {
  it.each(sampleEvents())('accepts a valid $type', (event) => {
    expect(parseEvent(event)).toEqual(event);
  });

  it('refuses an unknown type, pointing at the type', () => {
    const error = rejectionOf(() => parseEvent({ type: 'HoldStartedd', data: {} }));
    expect(error).toMatchObject({ code: 'EVENT.UNKNOWN_TYPE', path: 'type' });
  });

  it.each([
    ['a missing field', { reason: 'checking' }, 'data.customerConsent'],
    ['a value outside its vocabulary', { reason: 'checking', customerConsent: 'maybe' }, 'data.customerConsent'],
    ['a wrongly typed field', { reason: 42, customerConsent: 'yes' }, 'data.reason'],
    ['an unknown field', { reason: 'checking', customerConsent: 'yes', mood: 'calm' }, 'data.mood'],
  ])('refuses %s, pointing at it', (_case, data, path) => {
    const error = rejectionOf(() => parseEvent({ type: 'HoldStarted', data }));
    expect(error).toMatchObject({ code: 'EVENT.INVALID_DATA', category: 'validation', path });
  });

  it('refuses a nested field, pointing into the object', () => {
    const data = { kind: 'blind', target: { type: 'planet', id: 'mars' }, contextShared: false };
    const error = rejectionOf(() => parseEvent({ type: 'TransferInitiated', data }));
    expect(error.path).toBe('data.target.type');
  });

  it.each(['2026-01-14T10:00:00', '14/01/2026 10:00', ''])('refuses the timestamp "%s"', (dueBy) => {
    const data = { kind: 'resolution', what: 'a fix', dueBy, promisedBy: 'agent-7' };
    const error = rejectionOf(() => parseEvent({ type: 'ExpectationSet', data }));
    expect(error.path).toBe('data.dueBy');
  });

  it('accepts a timestamp with an offset', () => {
    const data = { kind: 'resolution', what: 'a fix', dueBy: '2026-01-14T11:00:00+01:00', promisedBy: 'agent-7' };
    expect(parseEvent({ type: 'ExpectationSet', data }).data).toEqual(data);
  });

  it.each([' ', 'agent 7'])('refuses the id "%s"', (agentId) => {
    const error = rejectionOf(() => parseEvent({ type: 'ContactAnswered', data: { agentId } }));
    expect(error.path).toBe('data.agentId');
  });

  it('refuses feedback that says nothing', () => {
    const error = rejectionOf(() => parseEvent({ type: 'FeedbackReceived', data: {} }));
    expect(error.path).toBe('data.score');
  });

  it('refuses data that is not an object', () => {
    const error = rejectionOf(() => parseEvent({ type: 'HoldEnded', data: null }));
    expect(error).toMatchObject({ code: 'EVENT.INVALID_DATA', path: 'data' });
  });
});

describe(parseEventForStream.name, () => {
  it('accepts an event on a stream of its category', () => {
    const event = { type: 'HoldEnded', data: {} };
    expect(parseEventForStream('contact-C-1', event)).toEqual(event);
  });

  it('refuses an event filed on another category', () => {
    const error = rejectionOf(() => parseEventForStream('case-T-1', { type: 'HoldEnded', data: {} }));
    expect(error).toMatchObject({ code: 'EVENT.WRONG_STREAM', path: 'type' });
  });

  it('refuses a stream name outside the known categories', () => {
    const error = rejectionOf(() => parseEventForStream('ticket-T-1', { type: 'CaseOpened', data: {} }));
    expect(error.code).toBe('STREAM.INVALID_NAME');
  });
});

describe(parseFactForStream.name, () => {
  it('accepts a fact on a journey stream', () => {
    const event = { type: 'HoldEnded', data: {} };
    expect(parseFactForStream('contact-C-1', event)).toEqual(event);
  });

  it('refuses any fact on a review stream, even a review event', () => {
    const event = { type: 'ReviewClosed', data: { summary: 'all fine', by: 'qa-lead-1' } };
    const error = rejectionOf(() => parseFactForStream('review-R-1', event));
    expect(error).toMatchObject({ code: 'STREAM.NOT_RECORDABLE', category: 'validation' });
  });

  it('refuses a review event on a journey stream', () => {
    const event = { type: 'ReviewClosed', data: { summary: 'all fine', by: 'qa-lead-1' } };
    expect(rejectionOf(() => parseFactForStream('case-T-1', event)).code).toBe('EVENT.WRONG_STREAM');
  });

  it('lists as recordable only the events of contact, callback and case streams', () => {
    expect(new Set(journeyEventTypes.map((type) => eventCatalog[type].category))).toEqual(
      new Set(['contact', 'callback', 'case']),
    );
    expect(eventTypes.filter((type) => !journeyEventTypes.includes(type as never))).toEqual(
      eventTypes.filter((type) => ['review', 'privacy'].includes(eventCatalog[type].category)),
    );
  });
});
