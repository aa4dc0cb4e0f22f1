import { Command } from '@nestjs/cqrs';
import type { ForgottenCustomer } from './customer.model';

export class ForgetCustomerCommand extends Command<ForgottenCustomer> {
  constructor(
    readonly customerId: string,
    /** Shared by the events this request causes. */
    readonly correlationId: string,
    readonly now: string,
  ) {
    super();
  }
}
