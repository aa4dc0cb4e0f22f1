/**
 * Personal data at the API's edge: forgetCustomer and Journey.customer. The customers' keys come from
 * PersonalDataModule (app.module.ts), shared by the write paths that seal and the projector that reveals.
 */
import { Module } from '@nestjs/common';
import { ForgetCustomerHandler } from './forget-customer.handler';
import { ForgetCustomerResolver } from './forget-customer.resolver';
import { JourneyCustomerResolver } from './journey-customer.resolver';

@Module({
  providers: [
    ForgetCustomerHandler,
    ForgetCustomerResolver,
    JourneyCustomerResolver,
  ],
})
export class PrivacyModule {}
