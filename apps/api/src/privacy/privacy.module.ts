/**
 * Personal data at the API's edge: the customers' keys (for the write paths that seal personal fields),
 * forgetCustomer, Journey.customer, and the one rule for the personal fields of the event data it hands
 * out (personal-data-disclosure.ts). Global, because recording and commands seal with the same keys.
 */
import { Global, Module } from '@nestjs/common';
import { CustomerKeys } from '@hindsight/personal-data';
import { ReadStore } from '@hindsight/read-store';
import { ForgetCustomerHandler } from './forget-customer.handler';
import { ForgetCustomerResolver } from './forget-customer.resolver';
import { JourneyCustomerResolver } from './journey-customer.resolver';
import { PersonalDataDisclosure } from './personal-data-disclosure';
import { TimelineEntryDataResolver } from './timeline-entry-data.resolver';

@Global()
@Module({
  providers: [
    { provide: CustomerKeys, useFactory: (readStore: ReadStore) => CustomerKeys.open(readStore), inject: [ReadStore] },
    ForgetCustomerHandler,
    ForgetCustomerResolver,
    JourneyCustomerResolver,
    PersonalDataDisclosure,
    TimelineEntryDataResolver,
  ],
  exports: [CustomerKeys],
})
export class PrivacyModule {}
