/**
 * Forgets a customer by crypto-shredding: their key is destroyed, so every personal field sealed with
 * it, in every event ever stored and in every backup of the event store, can no longer be read. The
 * events themselves stay as they are (they are immutable, and every metric and finding still needs
 * them).
 *
 * Order matters. The key goes first: from then on every reader reveals the fields as erased. Then the
 * erasure is recorded on `privacy-<customerId>` (no personal data in it), for the audit trail and so
 * the projector folds the customer's journeys again wherever it runs. Last, the customer's journeys in
 * the live read models are folded again here, so no stored document keeps a plain-text copy once the
 * mutation has answered. Running it again is harmless: there is no key left, and the journeys fold the same.
 */
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { privacyStream, ValidationError, type CustomerForgotten } from '@hindsight/domain';
import { ANY, EventStore } from '@hindsight/event-store';
import { CustomerKeyStore } from '@hindsight/personal-data';
import { refoldCustomerJourneys } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { eventMetadata, FRONTEND_SOURCE } from '../commands/event-metadata';
import { ForgetCustomerCommand } from './forget-customer.command';
import type { ForgottenCustomer } from './customer.model';

@CommandHandler(ForgetCustomerCommand)
export class ForgetCustomerHandler implements ICommandHandler<ForgetCustomerCommand> {
  constructor(
    private readonly keys: CustomerKeyStore,
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
  ) {}

  async execute({ customerId, correlationId, now }: ForgetCustomerCommand): Promise<ForgottenCustomer> {
    const stream = privacyStreamOf(customerId);
    const keyDestroyed = await this.keys.destroy(customerId);
    const event: CustomerForgotten = { type: 'CustomerForgotten', data: { customerId } };
    const metadata = eventMetadata(event.type, { correlationId, occurredAt: now, source: FRONTEND_SOURCE });
    await this.eventStore.append(stream, [{ ...event, metadata }], { expectedRevision: ANY });
    const journeys = await this.readStore.transaction((trx) => refoldCustomerJourneys(trx, customerId));
    return { customerId, keyDestroyed, stream, journeysErased: journeys.length };
  }
}

/** Checked before the key store is asked: an id that is no id (a NUL in it) must not reach the database. */
function privacyStreamOf(customerId: string): string {
  try {
    return privacyStream(customerId);
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.code, error.message, 'customerId');
    throw error;
  }
}
