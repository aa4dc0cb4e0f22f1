/**
 * Pushes live updates after the projector commits: each journey a batch touched is read back from
 * the read store and published to `journeyUpdated` (under its id and the names of its streams, so a
 * subscriber by either hears it) and `journeysChanged`. Never from the in-process command path: what
 * subscribers see has been stored and projected.
 */
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { JOURNEY_PROJECTION, Projector } from '@hindsight/projections';
import { JourneyReader } from './journey.reader';

export const JOURNEY_CHANGED_TOPIC = 'journeysChanged';
export const journeyUpdatedTopic = (id: string) => `journeyUpdated:${id}`;

@Injectable()
export class JourneyUpdatesPublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger(JourneyUpdatesPublisher.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly projector: Projector,
    private readonly reader: JourneyReader,
  ) {}

  onApplicationBootstrap(): void {
    this.projector.onCommitted((batch) => {
      if (batch.projection !== JOURNEY_PROJECTION || batch.touched.length === 0) return;
      this.publish(batch.touched).catch((error: unknown) =>
        this.logger.error(`Could not publish journey updates: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  }

  private async publish(journeyIds: readonly string[]): Promise<void> {
    const { pubsub } = (this.adapterHost.httpAdapter.getInstance() as FastifyInstance).graphql;
    const journeys = await this.reader.journeysByIds(journeyIds);
    for (const journey of journeys) {
      if (!journey) continue;
      const ids = [journey.id, ...journey.streams];
      const payload = { journey, ids };
      for (const id of ids) await pubsub.publish({ topic: journeyUpdatedTopic(id), payload });
      await pubsub.publish({ topic: JOURNEY_CHANGED_TOPIC, payload });
    }
  }
}
