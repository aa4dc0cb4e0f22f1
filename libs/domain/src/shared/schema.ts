/**
 * The building blocks every event schema shares, and the one translation from a schema failure to a
 * domain ValidationError, so that every rejected field is reported the same way: a code and a path.
 */
import { z } from 'zod';
import { idProblem, MAX_ID_LENGTH, textProblem } from './characters';
import { ValidationError } from './domain-error';

export const MAX_TEXT_LENGTH = 10_000;

/** Reports `problem(value)` as the value's issue, prefixed with what the value is ("An id must not be empty"). */
function refused(problem: (candidate: string) => string | undefined, what: string) {
  return (value: string, context: z.RefinementCtx) => {
    const found = problem(value);
    if (found) context.addIssue({ code: 'custom', message: `${what} ${found}` });
  };
}

/**
 * An id chosen by a source (`C-1`, `agent-7`, `cust-maple`): 1 to MAX_ID_LENGTH characters that show
 * (see characters.ts). Every id of the catalog is this one schema, published as GraphQL's `ID`.
 */
export const idSchema = z.string().superRefine(refused(idProblem, 'An id')).meta({ id: 'Id' });

/** Human prose (a reason, a summary): something must be said, and nothing that cannot be stored. */
export const textSchema = z
  .string()
  .max(MAX_TEXT_LENGTH)
  .regex(/\S/, { error: 'Must not be blank' })
  .superRefine(refused(textProblem, 'Text'));

/**
 * Marks a field as personal data (a name, a phone number, an e-mail address). Everything else is driven
 * from this mark: the write edge encrypts these fields with the customer's key before they are stored,
 * readers decrypt them, and forgetting the customer leaves them erased. Only events whose data names the
 * `customerId` the field belongs to may carry one: that id picks the key.
 */
export function personal<Schema extends z.ZodType>(schema: Schema): Schema {
  return schema.meta({ personal: true }) as Schema;
}

/** Whether `schema` (or the schema an `.optional()` wraps) was marked with `personal`. */
export function isPersonal(schema: z.ZodType): boolean {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  return z.globalRegistry.get(inner)?.personal === true;
}

/** A person's name as a customer gave it. */
export const personNameSchema = personal(textSchema.max(MAX_ID_LENGTH));

/** A phone number as dialled: digits, with an optional leading + and the usual separators. */
export const phoneSchema = personal(
  z
    .string()
    .max(40)
    .regex(/^\+?[0-9][0-9 ().-]{2,38}$/, { error: 'A phone number is digits, optionally with a leading + and spaces, dots, dashes or brackets' }),
);

export const emailSchema = personal(z.email().max(320));

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
