/**
 * Personal data at the API's edge: forgetCustomer, Journey.customer, and the one rule for the personal
 * fields of the event data it hands out (personal-data-disclosure.ts). The customers' keys come from
 * PersonalDataModule (app.module.ts), shared by the write paths that seal and the disclosure that reveals.
 */
import { Module } from '@nestjs/common';
import { ForgetCustomerHandler } from './forget-customer.handler';
import { ForgetCustomerResolver } from './forget-customer.resolver';
import { JourneyCustomerResolver } from './journey-customer.resolver';
import { PersonalDataDisclosure } from './personal-data-disclosure';
import { TimelineEntryDataResolver } from './timeline-entry-data.resolver';

@Module({
  providers: [
    ForgetCustomerHandler,
    ForgetCustomerResolver,
    JourneyCustomerResolver,
    PersonalDataDisclosure,
    TimelineEntryDataResolver,
  ],
})
export class PrivacyModule {}
