import { Field, ID, InputType } from '@nestjs/graphql';
import { EventInput, ID_FIELD } from '../graphql/catalog-input-types';
import { DateTimeScalar } from '../graphql/date-time.scalar';

@InputType({ description: 'A fact an integration service observed: what happened, where, when, and its own id for it' })
export class FactInput {
  @Field(() => ID, { description: `The system reporting it, e.g. "telephony", "ticketing", "crm". ${ID_FIELD}.` })
  source!: string;

  @Field(() => ID, {
    description: `The source's own id for this fact. With \`source\`, it makes re-sending the fact harmless. ${ID_FIELD}.`,
  })
  sourceEventId!: string;

  @Field(() => DateTimeScalar, { description: "When it happened, by the source's clock, with a timezone" })
  occurredAt!: string;

  @Field({ description: 'The stream it belongs to: contact-<id>, callback-<id> or case-<id>' })
  stream!: string;

  @Field(() => EventInput, { description: 'What happened: exactly one field, named after the event type' })
  event!: object;
}
