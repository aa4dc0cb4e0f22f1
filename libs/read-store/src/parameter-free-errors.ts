/**
 * Database errors without the statement's parameters. PGlite attaches every failed statement's
 * `params` to its error, PostgreSQL's `detail` names the values of a violated key, and messages
 * such as `invalid input syntax for type uuid: "…"` quote them: a customer's key or name would
 * then reach a log or a client with the error. Every statement of the read store runs through
 * this wrapper, so no error leaves it carrying a parameter, whoever logs or formats it later.
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

/** Shorter values are too common to be worth hiding (and hiding `1` would garble every message). */
const MIN_SCRUBBED_LENGTH = 4;
const REDACTED = '[parameter]';

/** The dialect, its driver and connections the same, except that their errors name no parameter. */
export function withParameterFreeErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => new ParameterFreeDriver(dialect.createDriver()),
  };
}

class ParameterFreeDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(private readonly driver: Driver) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.driver.acquireConnection();
    let wrapped = this.wrapped.get(connection);
    if (!wrapped) {
      wrapped = parameterFreeConnection(connection);
      this.wrapped.set(connection, wrapped);
    }
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.driver.beginTransaction(this.original(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.commitTransaction(this.original(connection));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.rollbackTransaction(this.original(connection));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(this.original(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }

  private original(connection: DatabaseConnection): DatabaseConnection {
    return (connection as { [ORIGINAL]?: DatabaseConnection })[ORIGINAL] ?? connection;
  }
}

const ORIGINAL = Symbol('original connection');

function parameterFreeConnection(connection: DatabaseConnection): DatabaseConnection {
  return {
    [ORIGINAL]: connection,
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      try {
        return await connection.executeQuery<R>(query);
      } catch (error) {
        throw withoutParameters(error, query.parameters);
      }
    },
    streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
  } as DatabaseConnection;
}

/** The same error, with what could carry a parameter's value removed or masked. Exported for its unit test. */
export function withoutParameters(error: unknown, parameters: readonly unknown[]): unknown {
  // Not `instanceof Error`: a driver's errors may come from another realm (PGlite's, under jest).
  if (error === null || typeof error !== 'object' || typeof (error as Error).message !== 'string') return error;
  const fields = error as Record<string, unknown>;
  for (const field of ['params', 'parameters', 'queryOptions', 'detail']) delete fields[field];
  const secrets = parameters.flatMap(textsOf).filter((text) => text.length >= MIN_SCRUBBED_LENGTH);
  // Longest first, so that a value containing another is masked whole.
  secrets.sort((a, b) => b.length - a.length);
  const mask = (text: string) => secrets.reduce((masked, secret) => masked.replaceAll(secret, REDACTED), text);
  fields.message = mask(fields.message as string);
  if (typeof fields.stack === 'string') fields.stack = mask(fields.stack);
  if (typeof fields.where === 'string') fields.where = mask(fields.where);
  return error;
}

/** The ways a parameter may be written in a message: as text, or bytes as hex (PostgreSQL's `\x…`) and base64. */
function textsOf(parameter: unknown): string[] {
  if (typeof parameter === 'string') return [parameter];
  if (parameter instanceof Uint8Array) {
    const bytes = Buffer.from(parameter);
    return [bytes.toString('hex'), bytes.toString('base64')];
  }
  if (Array.isArray(parameter)) return parameter.flatMap(textsOf);
  if (parameter !== null && typeof parameter === 'object' && !(parameter instanceof Date)) {
    return [JSON.stringify(parameter), ...Object.values(parameter).flatMap(textsOf)];
  }
  return [];
}
