/**
 * The stories as a CRM would send them, with personal data on every fact that may carry it: the
 * vendor ticket with Nadia Northwind's name, phone and e-mail, the callbacks with a number to call back.
 */
import { stories, type StoryFact } from '@hindsight/domain';
import { factInput } from './facts';

const [ticketThatNobodyOwned, callbacksThatNeverCame] = stories;

export const northwind = { id: 'cust-northwind', name: 'Nadia Northwind', phone: '+44 20 7946 0958', email: 'nadia@northwind.example' };
export const maplePhone = '+1 604 555 0172';

function withContactDetails(facts: readonly StoryFact[], details: Readonly<Record<string, string>>): StoryFact[] {
  return facts.map((fact) => {
    if (fact.type === 'CustomerIdentified') return { ...fact, data: { ...fact.data, ...details } };
    if (fact.type === 'CallbackRequested') return { ...fact, data: { ...fact.data, phone: details.phone } };
    return fact;
  });
}

const { id: _northwindId, ...northwindDetails } = northwind;
export const vendorTicket = withContactDetails(ticketThatNobodyOwned.facts, northwindDetails).map(factInput);
export const callbacks = withContactDetails(callbacksThatNeverCame.facts, { phone: maplePhone }).map(factInput);
