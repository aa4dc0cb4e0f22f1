/**
 * Personal data is marked in the catalog and nothing a journey computes reads it: the same story with
 * a customer's name and numbers, without them, sealed (as the read models fold them) or erased, gives
 * the same metrics and the same findings, on both stories.
 */
import { eventTypes } from '../catalog/event-catalog';
import { personalEventTypes, personalFieldsOf } from '../catalog/personal-fields';
import { evaluateFindings } from '../findings/evaluate-findings';
import { currentRulebook } from '../findings/rulebooks';
import { journeyCustomer } from '../journey/journey-customer';
import type { JourneyFact } from '../journey/journey-fact';
import { groupFactsIntoJourneys } from '../journey/journey-links';
import { foldJourney } from '../journey/journey.fold';
import { journeyFacts, journeyFactsOf } from '../journey/testing/journey-facts';
import { contactStream } from '../shared/stream-name';
import { stories } from '../stories/stories';

const contactDetails = { name: 'Maple Tanaka', phone: '+44 20 7946 0958', email: 'maple@example.com' };

/** The story as if the CRM had sent the customer's details with every fact that may carry them. */
function withPersonalData(facts: readonly JourneyFact[], value: (field: string) => unknown): JourneyFact[] {
  return facts.map((fact) => {
    const fields = personalFieldsOf(fact.type);
    if (fields.length === 0) return fact;
    return { ...fact, data: { ...fact.data, ...Object.fromEntries(fields.map((field) => [field, value(field)])) } } as JourneyFact;
  });
}

function judged(facts: readonly JourneyFact[]) {
  const toldAt = new Date(Math.max(...facts.map((fact) => Date.parse(fact.occurredAt)))).toISOString();
  return groupFactsIntoJourneys(facts).map((journeyFacts) => {
    const journey = foldJourney(journeyFacts, { asOf: toldAt });
    return { metrics: journey.metrics, notes: journey.notes, findings: evaluateFindings(journey, currentRulebook) };
  });
}

describe('personal fields in the catalog', () => {
  it('are the name, phone and e-mail of CustomerIdentified and the number to call back of CallbackRequested', () => {
    expect(personalFieldsOf('CustomerIdentified')).toEqual(['name', 'phone', 'email']);
    expect(personalFieldsOf('CallbackRequested')).toEqual(['phone']);
    expect(personalEventTypes).toEqual(['CustomerIdentified', 'CallbackRequested']);
  });

  it('are absent from every other event type', () => {
    for (const type of eventTypes.filter((candidate) => !personalEventTypes.includes(candidate))) {
      expect(personalFieldsOf(type)).toEqual([]);
    }
  });
});

describe.each(stories.map((story) => [story.title, story] as const))('given the story "%s"', (_title, story) => {
  const facts = journeyFactsOf(story);
  const plain = judged(facts);

  it('then carrying personal data changes no metric, note or finding', () => {
    expect(judged(withPersonalData(facts, (field) => contactDetails[field as keyof typeof contactDetails]))).toEqual(plain);
  });

  it('then erasing it changes no metric, note or finding', () => {
    expect(judged(withPersonalData(facts, () => null))).toEqual(plain);
  });

  it('then folding it sealed, as the read models hold it, changes no metric, note or finding', () => {
    const sealed = (field: string) => ({ $pii: 'v1', kid: 'key-of-cust', iv: `iv-${field}`, data: `ciphertext-of-${field}` });
    expect(judged(withPersonalData(facts, sealed))).toEqual(plain);
  });

  it('then it still finds something, so the comparison above compares something', () => {
    expect(plain.flatMap((journey) => journey.findings).length).toBeGreaterThan(0);
  });
});

describe(journeyCustomer.name, () => {
  const identified = (at: string, data: Record<string, string | null>) =>
    [at, contactStream('C-1'), { type: 'CustomerIdentified', data: { customerId: 'cust-maple', method: 'ivr', ...data } }] as const;
  const started = ['2026-03-05T09:59:00Z', contactStream('C-1'), { type: 'ContactStarted', data: { channel: 'voice', direction: 'inbound', origin: 'inbound' } }] as const;

  it('gives the latest name, phone and e-mail the journey recorded for its customer', () => {
    const facts = journeyFacts('customer', [
      started,
      identified('2026-03-05T10:00:00Z', { name: 'Maple T.', phone: '+44 20 7946 0000' }),
      identified('2026-03-05T10:05:00Z', { name: 'Maple Tanaka', email: 'maple@example.com' }),
    ] as never);
    expect(journeyCustomer(foldJourney(facts))).toEqual({
      id: 'cust-maple',
      name: 'Maple Tanaka',
      phone: '+44 20 7946 0000',
      email: 'maple@example.com',
      erased: false,
    });
  });

  it('shows the customer as erased, with no details, once their personal data is erased', () => {
    const facts = journeyFacts('customer', [started, identified('2026-03-05T10:00:00Z', { name: null, phone: null })] as never);
    expect(journeyCustomer(foldJourney(facts))).toEqual({ id: 'cust-maple', name: null, phone: null, email: null, erased: true });
  });

  it('is null for a journey whose customer is not known', () => {
    expect(journeyCustomer(foldJourney(journeyFacts('customer', [started] as never)))).toBeNull();
  });
});
