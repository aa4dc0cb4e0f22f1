/**
 * An embedded, single-node store that speaks EventStoreDB's gRPC protocol over a durable log, so
 * `@eventstore/db-client` talks to it exactly as it talks to a real EventStoreDB/KurrentDB node.
 *
 * It listens one of two ways:
 * - on TCP (loopback unless told otherwise), either secure as EventStoreDB is by default (TLS with a
 *   certificate authority of its own, users, ACLs) or insecure as with EventStoreDB's `--insecure`
 *   (plaintext, no users: anyone who can reach the port can do anything);
 * - on a Unix domain socket in an owner-only directory, plaintext: only processes of the same user
 *   can open it, so the process that embeds the store reaches it without TLS and nobody else does.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Server, ServerCredentials, type ServiceDefinition } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { EventStoreEngine, type EngineOptions, type StartupReport } from './engine/event-store-engine';
import { ProjectionsService } from '@eventstore/db-client/generated/projections_grpc_pb';
import { checkedAccess, OPEN_ACCESS, type CallAccess } from './grpc/call-access';
import { IMPLEMENTED_PROJECTION_METHODS, projectionsService } from './grpc/projections.service';
import { serverFeaturesService } from './grpc/server-features.service';
import { STREAMS_SERVICE, streamsService } from './grpc/streams.service';
import { UNIMPLEMENTED_SERVICES, unimplementedService } from './grpc/unimplemented.services';
import { SystemProjections } from './projections/system-projections';
import { certificateHostsFor, ensureNodeCertificates } from './security/node-certificates';
import { UserDirectory, type DefaultUserPasswords } from './security/users';

export type StoreSecurity =
  | { readonly mode: 'insecure' }
  | {
      readonly mode: 'secure';
      /** The `admin` and `ops` users' passwords; EventStoreDB's `changeit` when omitted. */
      readonly passwords?: DefaultUserPasswords;
      /** Where the certificate authority and node certificate live; `<dataDir>/certs` by default. */
      readonly certificatesDir?: string;
    };

export interface EmbeddedEventStoreOptions extends Pick<EngineOptions, 'maxAppendSize' | 'snapshotEvery' | 'log'> {
  dataDir: string;
  /** TCP port; 0 picks a free one. Ignored with `socketPath`. */
  port?: number;
  host?: string;
  /**
   * Listen on this Unix domain socket instead of TCP (always plaintext, no users). Its directory is
   * made owner-only. A path longer than a socket address can hold falls back to a fresh owner-only
   * directory under the OS temporary directory, and says so through `log`.
   */
  socketPath?: string;
  /** Insecure unless told otherwise: the standalone command (`npm run eventstore`) is secure by default. */
  security?: StoreSecurity;
}

export const DEFAULT_EVENTSTORE_PORT = 2113;
const SHUTDOWN_GRACE_MS = 500;
/** sun_path holds 108 bytes on Linux, the last one a NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
const SOCKET_FILE_NAME = 'eventstore.sock';

interface Listening {
  readonly port?: number;
  readonly socketPath?: string;
  /** A fallback directory of our own, removed at stop. */
  readonly temporarySocketDir?: string;
  readonly caFile?: string;
}

export class EmbeddedEventStore {
  private server: Server | undefined;
  private engine: EventStoreEngine | undefined;
  private listening: Listening | undefined;
  private projections: SystemProjections | undefined;

  constructor(private readonly options: EmbeddedEventStoreOptions) {
    if (options.socketPath !== undefined && options.security?.mode === 'secure') {
      throw new Error('A store on a Unix socket is reached by its own user only and serves no TLS: it cannot also be secure.');
    }
  }

  get port(): number {
    const port = this.started().port;
    if (port === undefined) throw new Error('The embedded event store listens on a Unix socket, not a port.');
    return port;
  }

  /** The socket's path, once started on one (it may be the fallback, not the path asked for). */
  get socketPath(): string {
    const path = this.started().socketPath;
    if (path === undefined) throw new Error('The embedded event store listens on TCP, not a Unix socket.');
    return path;
  }

  /** The certificate authority clients must trust (`tlsCAFile=`), on a secure store. */
  get caFile(): string {
    const caFile = this.started().caFile;
    if (caFile === undefined) throw new Error('The embedded event store serves no TLS.');
    return caFile;
  }

  get isSecure(): boolean {
    return this.options.security?.mode === 'secure';
  }

  get startupReport(): StartupReport {
    if (!this.engine) throw new Error('The embedded event store is not started.');
    return this.engine.startup;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** How a client reaches a TCP store, without credentials (a secure store wants them: `admin:changeit@`). */
  get connectionString(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    // The client decodes the value; only what would end it early needs escaping.
    const tls = this.isSecure ? `tls=true&tlsCAFile=${this.caFile.replace(/[%&?#\s]/g, encodeURIComponent)}` : 'tls=false';
    return `esdb://${host}:${this.port}?${tls}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const engine = await EventStoreEngine.open({ ...this.options });
    const projections = SystemProjections.start(engine);
    try {
      const { credentials, access, caFile } = await this.security(engine);
      const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
      const implemented: ServiceDefinition[] = [STREAMS_SERVICE, ServerFeaturesService, IMPLEMENTED_PROJECTION_METHODS];
      server.addService(STREAMS_SERVICE, streamsService(engine, access));
      server.addService(ProjectionsService, projectionsService(projections, access));
      // As on EventStoreDB, anyone may ask which methods the server offers: clients do, before their first call.
      server.addService(ServerFeaturesService, serverFeaturesService(implemented));
      for (const service of UNIMPLEMENTED_SERVICES) server.addService(service, unimplementedService(service));
      this.listening = { ...(await this.bind(server, credentials)), caFile };
      this.server = server;
      this.engine = engine;
      this.projections = projections;
    } catch (error) {
      await projections.stop();
      await engine.close();
      throw error;
    }
  }

  /** Refuses new appends, waits for in-flight ones to be durable, ends live subscriptions, then closes. */
  async stop(): Promise<void> {
    const { server, engine, listening, projections } = this;
    if (!server || !engine) return;
    this.server = undefined;
    this.engine = undefined;
    this.listening = undefined;
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
    if (listening?.socketPath) rmSync(listening.socketPath, { force: true });
    if (listening?.temporarySocketDir) rmSync(listening.temporarySocketDir, { recursive: true, force: true });
  }

  private started(): Listening {
    if (!this.listening) throw new Error('The embedded event store is not started.');
    return this.listening;
  }

  private async security(engine: EventStoreEngine): Promise<{ credentials: ServerCredentials; access: CallAccess; caFile?: string }> {
    const security = this.options.security;
    if (security?.mode !== 'secure') return { credentials: ServerCredentials.createInsecure(), access: OPEN_ACCESS };
    const certificates = await ensureNodeCertificates(
      security.certificatesDir ?? join(this.options.dataDir, 'certs'),
      certificateHostsFor(this.host),
      this.options.log,
    );
    return {
      credentials: ServerCredentials.createSsl(certificates.caCertificate, [{ private_key: certificates.privateKey, cert_chain: certificates.certificate }], false),
      access: checkedAccess(engine, new UserDirectory(security.passwords)),
      caFile: certificates.caFile,
    };
  }

  private async bind(server: Server, credentials: ServerCredentials): Promise<Omit<Listening, 'caFile'>> {
    const bindTo = (address: string) =>
      new Promise<number>((resolve, reject) => server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))));
    if (this.options.socketPath === undefined) {
      return { port: await bindTo(`${this.host}:${this.options.port ?? DEFAULT_EVENTSTORE_PORT}`) };
    }
    const { socketPath, temporarySocketDir } = this.privateSocketPath(this.options.socketPath);
    await removeStaleSocket(socketPath);
    await bindTo(`unix:${socketPath}`);
    chmodSync(socketPath, 0o600);
    return { socketPath, temporarySocketDir };
  }

  private privateSocketPath(wanted: string): { socketPath: string; temporarySocketDir?: string } {
    if (Buffer.byteLength(wanted) <= MAX_SOCKET_PATH_BYTES) {
      ownerOnlyDirectory(dirname(wanted));
      return { socketPath: wanted };
    }
    const temporarySocketDir = mkdtempSync(join(tmpdir(), 'hindsight-es-')); // 0700, ours
    const socketPath = join(temporarySocketDir, SOCKET_FILE_NAME);
    this.options.log?.(`the socket path ${wanted} is longer than a Unix socket address holds (${MAX_SOCKET_PATH_BYTES} bytes): listening on ${socketPath} instead`);
    return { socketPath, temporarySocketDir };
  }
}

/** The default place for a store's own socket: beside its log, in a directory only its user may enter. */
export function defaultSocketPath(dataDir: string): string {
  return join(dataDir, 'socket', SOCKET_FILE_NAME);
}

function ownerOnlyDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stats = lstatSync(directory);
  if (!stats.isDirectory()) throw new Error(`${directory} must be a directory for the event store's socket.`);
  if (process.getuid && stats.uid !== process.getuid()) throw new Error(`${directory} belongs to another user: it cannot hold the event store's socket.`);
  chmodSync(directory, 0o700);
}

/** A socket file left by a store that died is removed; one a live process answers on is not ours to take. */
async function removeStaleSocket(socketPath: string): Promise<void> {
  let stats;
  try {
    stats = lstatSync(socketPath);
  } catch {
    return;
  }
  if (!stats.isSocket()) throw new Error(`${socketPath} exists and is not a socket.`);
  const answered = await new Promise<boolean>((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (answered) throw new Error(`Another process listens on ${socketPath}.`);
  unlinkSync(socketPath);
}
