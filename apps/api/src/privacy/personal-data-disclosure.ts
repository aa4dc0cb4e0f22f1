/**
 * The one rule for personal data leaving Hindsight. The read models hold personal fields sealed, as
 * the event store does; every surface that hands out event data (timeline entries of journeys,
 * replays, steps and subscription pushes, and Journey.customer) passes it through `disclose`, per
 * request:
 *
 * - a caller with the personal-data right (PERSONAL_DATA_ROLES, and admin) gets each personal field
 *   revealed, or null where its customer was forgotten;
 * - anyone else gets each personal field that is there as REDACTED: never its value, nor its envelope
 *   (which would tell who shares a phone number).
 *
 * Which fields are personal comes from the catalog's `personal()` marks (`personalFieldsOf`), so a
 * newly marked field is covered here without a change. The reports and replays of the CLI and the
 * viewer read through GraphQL, so the same rule reaches them.
 */
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { personalFieldsOf } from '@hindsight/domain';
import { CustomerKeyStore, revealFacts } from '@hindsight/personal-data';
import { mayUse } from '../access/access-policy';
import { PERSONAL_DATA_ROLES } from '../access/access-rule.decorator';
import type { AccessContext, Authentication } from '../access/principal';

/** What a personal field holds for a caller without the right: it was given, and that is all it says. */
export const REDACTED: { readonly redacted: true } = Object.freeze({ redacted: true });

/** An event, a timeline entry, a step's entry: anything with a catalog type and its data. */
export interface EventData {
  readonly type: string;
  readonly data: unknown;
}

export function mayReadPersonalData(authentication: Authentication): boolean {
  return mayUse(authentication, PERSONAL_DATA_ROLES);
}

/** The fact with each personal field that is there (a value, an envelope, or null for erased) as REDACTED. */
export function redactFact<F extends EventData>(fact: F): F {
  if (!hasPersonalFields(fact)) return fact;
  const data: Record<string, unknown> = { ...(fact.data as object) };
  for (const field of personalFieldsOf(fact.type)) if (data[field] !== undefined) data[field] = REDACTED;
  return { ...fact, data };
}

function hasPersonalFields(fact: EventData): boolean {
  const data = fact.data as Readonly<Record<string, unknown>> | null;
  return typeof data === 'object' && data !== null && personalFieldsOf(fact.type).some((field) => data[field] !== undefined);
}

@Injectable()
export class PersonalDataDisclosure {
  /**
   * One per request context, batching the facts its fields ask for into one read of the keys. No
   * cache: a graphql-ws connection keeps its context for every push, and a push after a forget must
   * find the key gone.
   */
  private readonly revealers = new WeakMap<object, DataLoader<EventData, EventData>>();

  constructor(private readonly keys: CustomerKeyStore) {}

  /** The facts as the caller of this request may see them (see the header). */
  async disclose<F extends EventData>(context: AccessContext, facts: readonly F[]): Promise<F[]> {
    if (!mayReadPersonalData(context.authentication)) return facts.map(redactFact);
    const revealer = this.revealer(context);
    return Promise.all(facts.map(async (fact) => (hasPersonalFields(fact) ? ((await revealer.load(fact)) as F) : fact)));
  }

  /** One fact's data as the caller may see it; at once where it holds no personal field. */
  dataOf(context: AccessContext, fact: EventData): unknown {
    if (!hasPersonalFields(fact)) return fact.data;
    return this.disclose(context, [fact]).then(([disclosed]) => disclosed.data);
  }

  private revealer(context: AccessContext): DataLoader<EventData, EventData> {
    let revealer = this.revealers.get(context);
    if (!revealer) {
      const reveal = (facts: readonly EventData[]) => revealFacts(this.keys, facts as readonly (EventData & { data: object })[]);
      revealer = new DataLoader(reveal, { cache: false });
      this.revealers.set(context, revealer);
    }
    return revealer;
  }
}
