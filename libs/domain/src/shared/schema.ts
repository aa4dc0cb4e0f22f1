/**
 * The building blocks every event schema shares, and the one translation from a schema failure to a
 * domain ValidationError, so that every rejected field is reported the same way: a code and a path.
 */
import { z } from 'zod';
import { ValidationError } from './domain-error';

export const MAX_ID_LENGTH = 200;
export const MAX_TEXT_LENGTH = 10_000;

/** An id chosen by a source (`C-1`, `agent-7`, `cust-maple`): short and free of whitespace. */
export const idSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(/^\S+$/, { error: 'An id must not contain whitespace' })
  .meta({ id: 'Id' });

/** Human prose (a reason, a summary): something must be said. */
export const textSchema = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .regex(/\S/, { error: 'Must not be blank' });

/** An ISO-8601 instant. Without a timezone a time is ambiguous, so it is refused. */
export const timestampSchema = z.iso.datetime({ offset: true });

/**
 * A closed set of values with a name of its own (`Channel`), so the API can publish it as one named
 * enum wherever it appears. Each name is registered once: define the schema once and reuse it.
 */
export function namedEnum<const Values extends readonly [string, ...string[]]>(name: string, values: Values) {
  return z.enum(values).meta({ id: name });
}

/** A nested object with a name of its own (`TransferTarget`), for the same reason. */
export function namedObject<const Shape extends z.core.$ZodLooseShape>(name: string, shape: Shape) {
  return z.strictObject(shape).meta({ id: name });
}

export const channels = ['voice', 'video', 'chat', 'email', 'message', 'portal', 'social'] as const;
export type Channel = (typeof channels)[number];
export const channelSchema = namedEnum('Channel', channels);

/** Who acted, where the answer is a side rather than a person. */
export const parties = ['customer', 'agent', 'system'] as const;
export type Party = (typeof parties)[number];
export const partySchema = namedEnum('Party', parties);

/**
 * Parses `value` or throws a ValidationError naming the first offending field. The path is prefixed
 * with `pathPrefix`, so it reads relative to the object the caller handed in (`data.dueBy`).
 */
export function parseOrReject<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  code: string,
  pathPrefix: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  // An unknown key is reported on its parent object; the key itself is the field to fix.
  const segments = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const path = [pathPrefix, ...segments.map(String)].join('.');
  throw new ValidationError(code, `${path}: ${issue.message}`, path);
}

/** For times that travel outside event data, such as a fact's `occurredAt`. */
export function isTimestamp(candidate: string): boolean {
  return timestampSchema.safeParse(candidate).success;
}
