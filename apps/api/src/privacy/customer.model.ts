import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('JourneyCustomer', {
  description:
    "The journey's customer and the contact details its facts recorded (the latest of each). Personal data: " +
    'once the customer is forgotten (forgetCustomer), name, phone and email are null and erased is true.',
})
export class JourneyCustomerModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field({ description: 'Personal data recorded for this customer was erased: its key was destroyed' }) erased!: boolean;
}

@ObjectType({ description: 'What forgetCustomer did' })
export class ForgottenCustomer {
  @Field(() => ID) customerId!: string;
  @Field({ description: 'A live key was destroyed now; false when there was none (never used, or already forgotten)' })
  keyDestroyed!: boolean;
  @Field({ description: 'The stream that keeps the audit trail of the erasure (privacy-<customerId>)' }) stream!: string;
  @Field(() => Int, { description: 'Stored journeys folded again with the personal fields erased' }) journeysErased!: number;
}
