import { Query, Resolver } from '@nestjs/graphql';
import { EventStore } from '@hindsight/event-store';
import { Projector } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { Health, ProjectorHealth, ReadStoreStatus } from './health.model';
import { AllowAnyone } from '../access/access-rule.decorator';

@Resolver(() => Health)
export class HealthResolver {
  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly projector: Projector,
  ) {}

  @AllowAnyone()
  @Query(() => Health, { description: 'Checks the dependencies for real, on every call' })
  async health(): Promise<Health> {
    const [eventStore, readStore] = await Promise.all([this.eventStore.checkHealth(), this.readStoreStatus()]);
    const projector = eventStore.connected ? await this.projectorStatus() : undefined;
    const healthy = eventStore.connected && readStore.connected && (projector?.running ?? false);
    return {
      status: healthy ? 'ok' : 'degraded',
      eventStore,
      readStore,
      projector: projector ?? { running: false, eventsBehind: 0, secondsBehind: 0, quarantined: 0, projections: [] },
    };
  }

  private async readStoreStatus(): Promise<ReadStoreStatus> {
    const { kind, description } = this.readStore;
    try {
      await this.readStore.ping();
      return { connected: true, kind, description };
    } catch (error) {
      return { connected: false, kind, description, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async projectorStatus(): Promise<ProjectorHealth> {
    const projections = await this.projector.status();
    return {
      // A projector stopped here may be running in its own process: it is healthy while it keeps up.
      running: projections.every((projection) => projection.state !== 'retrying' && projection.lastError === undefined),
      eventsBehind: projections.reduce((sum, projection) => sum + projection.eventsBehind, 0),
      secondsBehind: Math.max(0, ...projections.map((projection) => projection.secondsBehind)),
      // Quarantined events do not make the projector unhealthy: it has moved on, and says how many it set aside.
      quarantined: projections.reduce((sum, projection) => sum + (projection.quarantine?.count ?? 0), 0),
      projections: projections.map((projection) => ({
        ...projection,
        quarantined: projection.quarantine?.count,
        lastQuarantineError: projection.quarantine?.lastError,
      })),
    };
  }
}
