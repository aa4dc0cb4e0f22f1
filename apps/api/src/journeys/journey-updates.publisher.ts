/**
 * Pushes live updates after the projector commits: each journey a batch touched is read back from
 * the read store and published to `journeyUpdated` (under its id and the names of its streams, so a
 * subscriber by either hears it) and `journeysChanged`. Never from the in-process command path: what
 * subscribers see has been stored and projected.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { JOURNEY_PROJECTION, JourneyQueries, listenForCommits, Projector, type CommittedBatch, type StoredJourney } from '@hindsight/projections';
import type { ReadStoreConfig } from '@hindsight/read-store';

export const JOURNEY_CHANGED_TOPIC = 'journeysChanged';
/** Where the projector runs, so the publisher knows how it will hear of commits. */
export const LIVE_UPDATES_SOURCE = Symbol('LiveUpdatesSource');
export interface LiveUpdatesSource {
  readonly projectorInProcess: boolean;
  readonly readStore: ReadStoreConfig;
}
export const journeyUpdatedTopic = (id: string) => `journeyUpdated:${id}`;

/** What a subscription hears: the journey, every id that finds it, and its position in `$all`. */
export interface JourneyChange {
  readonly journey: StoredJourney;
  readonly ids: readonly string[];
  /** The log position of the latest fact in the journey; a subscriber resumes after the last one it saw. */
  readonly position?: bigint;
}

@Injectable()
export class JourneyUpdatesPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JourneyUpdatesPublisher.name);
  private stopListening?: () => unknown;
  /**
   * Batches are published one after another, in commit order, so positions reach subscribers in
   * order: a subscriber that resumes after the last position it saw has seen everything before it.
   */
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly projector: Projector,
    private readonly queries: JourneyQueries,
    @Inject(LIVE_UPDATES_SOURCE) private readonly source: LiveUpdatesSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const onCommitted = (batch: Pick<CommittedBatch, 'projection' | 'touched'>) => {
      if (batch.projection !== JOURNEY_PROJECTION || batch.touched.length === 0) return;
      this.publishing = this.publishing.then(() =>
        this.publish(batch.touched).catch((error: unknown) =>
          this.logger.error(`Could not publish journey updates: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
    };
    const { projectorInProcess, readStore } = this.source;
    if (projectorInProcess) {
      this.stopListening = this.projector.onCommitted(onCommitted);
    } else if (readStore.kind === 'postgres') {
      // The projector runs in its own process (apps/projector) and says what it committed through NOTIFY.
      this.stopListening = await listenForCommits(readStore.connectionString, onCommitted, {
        onError: (error) => this.logger.warn(`Lost the connection that hears the projector's commits; reconnecting: ${error.message}`),
      });
    } else {
      this.logger.warn('No projector runs here and PGlite cannot hear another process: no live journey updates');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopListening?.();
  }

  private async publish(journeyIds: readonly string[]): Promise<void> {
    const { pubsub } = (this.adapterHost.httpAdapter.getInstance() as FastifyInstance).graphql;
    // Positions before documents: a document newer than its position only makes a resume replay more.
    const positions = await this.queries.positionsOf(journeyIds);
    const journeys = (await this.queries.byIds(journeyIds)).filter((journey) => journey !== null);
    const position = (journey: StoredJourney) => positions.get(journey.id) ?? -1n;
    journeys.sort((a, b) => (position(a) < position(b) ? -1 : position(a) > position(b) ? 1 : 0));
    for (const journey of journeys) {
      // A journey's id is also one of its streams' names: one push per topic, not one per name.
      const ids = [...new Set([journey.id, ...journey.streams])];
      const payload: JourneyChange = { journey, ids, position: positions.get(journey.id) };
      for (const id of ids) await pubsub.publish({ topic: journeyUpdatedTopic(id), payload });
      await pubsub.publish({ topic: JOURNEY_CHANGED_TOPIC, payload });
    }
  }
}
