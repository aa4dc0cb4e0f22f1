import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Allow } from '../access/access-rule.decorator';
import { ForgottenCustomer } from './customer.model';
import { ForgetCustomerCommand } from './forget-customer.command';

@Resolver()
export class ForgetCustomerResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Allow('admin')
  @Mutation(() => ForgottenCustomer, {
    description:
      "Erases a customer's personal data for good (crypto-shredding): destroys their key, records the erasure on " +
      'privacy-<customerId>, and folds their journeys again with those fields erased. Metrics and findings stay as they were.',
  })
  forgetCustomer(@Args('customerId', { type: () => ID }) customerId: string): Promise<ForgottenCustomer> {
    return this.commandBus.execute(new ForgetCustomerCommand(customerId, randomUUID(), new Date().toISOString()));
  }
}
