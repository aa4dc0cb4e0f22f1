/**
 * Nest wiring for the projector: `Projector` runs one `ProjectionRunner` per registered projection
 * against the app's `EventStore` and `ReadStore`, starts them when the app has bootstrapped and
 * stops them before shutdown (before the event store and read store close). The API process (in
 * embedded mode) and `apps/projector` both import this module; only the list of projections and
 * whether to run them differ.
 */
import { Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@hindsight/event-store';
import { ReadStore } from '@hindsight/read-store';
import type { CommittedListener, Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions, type ProjectionStatus } from './projection-runner';
import { rebuildProjections, type RebuildOptions, type RebuildResult } from './rebuild';

export interface ProjectionsModuleOptions {
  readonly projections: readonly Projection[];
  readonly runner?: Omit<ProjectionRunnerOptions, 'generation'>;
  /** Start the runners at bootstrap. Default true; false for a process that only queries or rebuilds. */
  readonly autoStart?: boolean;
}

export const PROJECTIONS_MODULE_OPTIONS = Symbol('ProjectionsModuleOptions');

@Injectable()
export class Projector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: readonly ProjectionRunner[];

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    @Inject(PROJECTIONS_MODULE_OPTIONS) private readonly options: ProjectionsModuleOptions,
  ) {
    this.runners = options.projections.map((projection) => new ProjectionRunner(eventStore, readStore, projection, options.runner));
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.autoStart ?? true) await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** Every projection's position and lag, for a health or status query. */
  status(): Promise<ProjectionStatus[]> {
    return Promise.all(this.runners.map((runner) => runner.status()));
  }

  /** Called after any projection commits a batch; returns the function that unsubscribes. */
  onCommitted(listener: CommittedListener): () => void {
    const unsubscribes = this.runners.map((runner) => runner.onCommitted(listener));
    return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  /** Rebuilds every registered projection into a new generation and switches to it; the live runners carry on meanwhile. */
  rebuild(options: Omit<RebuildOptions, 'projections'> = {}): Promise<RebuildResult> {
    return rebuildProjections(this.eventStore, this.readStore, { ...options, projections: this.options.projections });
  }
}

@Module({})
export class ProjectionsModule {
  /** Needs `EventStore` and `ReadStore` from the app (EventStoreModule.forRoot, ReadStoreModule.forRoot). */
  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [{ provide: PROJECTIONS_MODULE_OPTIONS, useValue: options }, Projector],
      exports: [Projector],
    };
  }
}
