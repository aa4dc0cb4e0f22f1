/**
 * An embedded, single-node store that speaks EventStoreDB's gRPC protocol over a durable log, so
 * `@eventstore/db-client` talks to it exactly as it talks to a real EventStoreDB/KurrentDB node.
 * It listens on loopback unless told otherwise, and serves plaintext (connect with `?tls=false`).
 */
import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { EventStoreEngine, type EngineOptions, type StartupReport } from './engine/event-store-engine';
import { ProjectionsService } from '@eventstore/db-client/generated/projections_grpc_pb';
import { IMPLEMENTED_PROJECTION_METHODS, projectionsService } from './grpc/projections.service';
import { serverFeaturesService } from './grpc/server-features.service';
import { STREAMS_SERVICE, streamsService } from './grpc/streams.service';
import { UNIMPLEMENTED_SERVICES, unimplementedService } from './grpc/unimplemented.services';
import { SystemProjections } from './projections/system-projections';

export interface EmbeddedEventStoreOptions extends Pick<EngineOptions, 'maxAppendSize' | 'snapshotEvery' | 'log'> {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export const DEFAULT_EVENTSTORE_PORT = 2113;
const SHUTDOWN_GRACE_MS = 500;

export class EmbeddedEventStore {
  private server: Server | undefined;
  private engine: EventStoreEngine | undefined;
  private projections: SystemProjections | undefined;
  private boundPort: number | undefined;

  constructor(private readonly options: EmbeddedEventStoreOptions) {}

  get port(): number {
    if (this.boundPort === undefined) throw new Error('The embedded event store is not started.');
    return this.boundPort;
  }

  get startupReport(): StartupReport {
    if (!this.engine) throw new Error('The embedded event store is not started.');
    return this.engine.startup;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get connectionString(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `esdb://${host}:${this.port}?tls=false`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const engine = await EventStoreEngine.open({ ...this.options });
    const projections = SystemProjections.start(engine);
    const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
    const implemented: ServiceDefinition[] = [STREAMS_SERVICE, ServerFeaturesService, IMPLEMENTED_PROJECTION_METHODS];
    server.addService(STREAMS_SERVICE, streamsService(engine));
    server.addService(ProjectionsService, projectionsService(projections));
    server.addService(ServerFeaturesService, serverFeaturesService(implemented));
    for (const service of UNIMPLEMENTED_SERVICES) server.addService(service, unimplementedService(service));
    try {
      this.boundPort = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`${this.host}:${this.options.port ?? DEFAULT_EVENTSTORE_PORT}`, ServerCredentials.createInsecure(), (error, port) =>
          error ? reject(error) : resolve(port),
        ),
      );
    } catch (error) {
      await projections.stop();
      await engine.close();
      throw error;
    }
    this.engine = engine;
    this.projections = projections;
    this.server = server;
  }

  /** Refuses new appends, waits for in-flight ones to be durable, ends live subscriptions, then closes. */
  async stop(): Promise<void> {
    const { server, engine, projections } = this;
    if (!server || !engine) return;
    this.server = undefined;
    this.engine = undefined;
    this.projections = undefined;
    await projections?.stop();
    await engine.close();
    // Clients keep BatchAppend calls open for their lifetime: give them a moment, then cut them.
    await new Promise<void>((resolve) => {
      const forceAfter = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, SHUTDOWN_GRACE_MS);
      server.tryShutdown(() => {
        clearTimeout(forceAfter);
        resolve();
      });
    });
  }
}
