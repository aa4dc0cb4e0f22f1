import { Query, Resolver } from '@nestjs/graphql';
import { EventStore } from '@hindsight/event-store';
import { Health } from './health.model';

@Resolver(() => Health)
export class HealthResolver {
  constructor(private readonly eventStore: EventStore) {}

  @Query(() => Health, { description: 'Checks the dependencies for real, on every call' })
  async health(): Promise<Health> {
    const eventStore = await this.eventStore.checkHealth();
    return { status: eventStore.connected ? 'ok' : 'degraded', eventStore };
  }
}
