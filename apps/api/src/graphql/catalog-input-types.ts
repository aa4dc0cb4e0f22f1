/**
 * The GraphQL input types of the event catalog, generated from its zod schemas so that the API can
 * never drift from what the domain accepts: one input type per event type (`HoldStartedInput`), its
 * named enums (`HoldConsent`) and named nested objects (`TransferTargetInput`), and `EventInput`, a
 * `@oneOf` input whose one field names the event type and holds its data. EventInput offers only the
 * facts of a journey (contact, callback, case): a review is written through its own mutations, never
 * recorded by an integration.
 *
 * The schemas stay the judge: GraphQL checks shapes and types, the catalog then checks the values
 * (ids of characters that show, text that is not blank and holds no NUL or lone surrogate) and reports
 * the offending field, so that recordEvents can answer fact by fact.
 */
import { Field, ID, InputType, Int, registerEnumType, type ReturnTypeFuncValue } from '@nestjs/graphql';
import { z } from 'zod';
import { eventCatalog, eventTypes, isPersonal, journeyEventTypes, MAX_ID_LENGTH, type EventType } from '@hindsight/domain';
import { DateTimeScalar } from './date-time.scalar';

type InputClass = new () => object;

const PERSONAL_FIELD = "Personal data: stored encrypted with the customer's key, erased for good by forgetCustomer";
export const ID_FIELD = `An id: 1 to ${MAX_ID_LENGTH} characters that show (no whitespace, control or invisible format characters)`;

const enumTypes = new Map<string, object>();
const namedObjectTypes = new Map<string, InputClass>();

function nameOf(schema: z.ZodType): string | undefined {
  return z.globalRegistry.get(schema)?.id;
}

function enumType(schema: z.ZodEnum): object {
  const name = nameOf(schema);
  if (!name) throw new Error(`Name the enum ${schema.options.join(' | ')} with namedEnum() to publish it`);
  let type = enumTypes.get(name);
  if (!type) {
    // The values as the catalog and the stored events spell them (`no_answer`), not upper-cased: what an
    // integration sends, what is stored and what is read back are then the same words.
    type = Object.fromEntries(schema.options.map((value) => [value, value]));
    registerEnumType(type, { name });
    enumTypes.set(name, type);
  }
  return type;
}

function inputClass(name: string, shape: z.ZodRawShape, description?: string): InputClass {
  const type = { [name]: class {} }[name] as InputClass;
  for (const [field, schema] of Object.entries(shape)) {
    const optional = schema instanceof z.ZodOptional;
    const inner = (optional ? schema.unwrap() : schema) as z.ZodType;
    // Resolved now, not in the thunk: Nest collects enums and input types before it calls the thunks.
    const fieldType = graphqlTypeOf(inner, `${name}.${field}`);
    const description = isPersonal(schema as z.ZodType) ? PERSONAL_FIELD : fieldType === ID ? ID_FIELD : undefined;
    Field(() => fieldType, { nullable: optional, description })(type.prototype, field);
  }
  InputType(name, { description })(type);
  return type;
}

function graphqlTypeOf(schema: z.ZodType, where: string): ReturnTypeFuncValue {
  if (schema instanceof z.ZodEnum) return enumType(schema);
  if (schema instanceof z.ZodBoolean) return Boolean;
  if (schema instanceof z.ZodNumber) return schema.isInt ? Int : Number;
  // z.iso.datetime() is a string format of its own, not a ZodString: ask for the kind of value instead.
  if (schema.def.type === 'string') {
    if ((schema as z.ZodStringFormat).format === 'datetime') return DateTimeScalar;
    return nameOf(schema) === 'Id' ? ID : String;
  }
  if (schema instanceof z.ZodObject) {
    const name = nameOf(schema);
    if (!name) throw new Error(`Name the nested object at ${where} with namedObject() to publish it`);
    let type = namedObjectTypes.get(name);
    if (!type) {
      type = inputClass(`${name}Input`, schema.shape);
      namedObjectTypes.set(name, type);
    }
    return type;
  }
  throw new Error(`The catalog schema at ${where} (${schema.def.type}) has no GraphQL counterpart yet`);
}

/** `HoldStarted` → `holdStarted`: the field of EventInput that carries it. */
export function eventInputField(type: EventType): string {
  return type[0].toLowerCase() + type.slice(1);
}

/**
 * One input type per event type, named `<Type>Input`. GraphQL has no empty input objects, so an
 * event type without fields would have to gain one (an optional who-or-why) to be published.
 */
export const eventDataInputs = Object.fromEntries(
  eventTypes.map((type) => {
    const { schema, description } = eventCatalog[type];
    return [type, inputClass(`${type}Input`, (schema as z.ZodObject).shape, description)];
  }),
) as Record<EventType, InputClass>;

/** Exactly one field set: its name is the event type, its value the event's data. */
export const EventInput = (() => {
  const type = class EventInput {};
  for (const eventType of journeyEventTypes) {
    const { category, description } = eventCatalog[eventType];
    Field(() => eventDataInputs[eventType], { nullable: true, description: `${description} (${category} stream)` })(
      type.prototype,
      eventInputField(eventType),
    );
  }
  InputType('EventInput', {
    isOneOf: true,
    description: 'One event: set exactly one field, named after the event type, to the event data.',
  })(type);
  return type;
})();

const typeByField = new Map(journeyEventTypes.map((type) => [eventInputField(type), type]));

/**
 * The event an EventInput describes, from the one field that is set; its data as plain objects,
 * without the nulls GraphQL passes for absent fields.
 */
export function eventFromInput(input: object): { readonly field: string; readonly type: string; readonly data: unknown } {
  const [[field, data]] = Object.entries(input).filter(([, value]) => value !== null && value !== undefined);
  return { field, type: typeByField.get(field) ?? field, data: withoutNulls(data) };
}

/** GraphQL passes null for an absent optional field; the catalog's schemas expect it absent. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== null && field !== undefined)
      .map(([key, field]) => [key, withoutNulls(field)]),
  );
}
