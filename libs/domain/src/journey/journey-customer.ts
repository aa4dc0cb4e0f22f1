/**
 * The journey's customer and the contact details the journey's facts give for them: the latest name,
 * phone and e-mail by the journey's order. Read from the timeline, so it is what the fold saw: after
 * replay's cut, and with the personal fields as the reader revealed them.
 *
 * An erased personal field (its customer was forgotten) reaches the fold as `null`, never as text: the
 * customer then shows as erased, and no erased value stands in for a later one.
 */
import { personalFieldsOf } from '../catalog/personal-fields';
import type { Journey } from './journey';

export interface JourneyCustomer {
  readonly id: string;
  readonly name: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  /** Some personal data recorded for this customer on the journey was erased (the customer was forgotten). */
  readonly erased: boolean;
}

type ContactDetail = 'name' | 'phone' | 'email';
const contactDetails: readonly ContactDetail[] = ['name', 'phone', 'email'];

export function journeyCustomer(journey: Pick<Journey, 'customerId' | 'timeline'>): JourneyCustomer | null {
  if (journey.customerId === null) return null;
  const details: Record<ContactDetail, string | null> = { name: null, phone: null, email: null };
  let erased = false;
  for (const entry of journey.timeline) {
    const fields = personalFieldsOf(entry.type);
    const data = entry.data as Readonly<Record<string, unknown>>;
    if (fields.length === 0 || data.customerId !== journey.customerId) continue;
    for (const field of fields) {
      const value = data[field];
      if (value === null) erased = true;
      if (typeof value === 'string' && (contactDetails as readonly string[]).includes(field)) {
        details[field as ContactDetail] = value;
      }
    }
  }
  return { id: journey.customerId, ...details, erased };
}
