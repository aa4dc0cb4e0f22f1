/**
 * How the catalog declares an event type: a past-tense name chosen by a person and stored forever,
 * the stream category it lives on, the version of its data shape, a one-line description (for the
 * catalog table in the README) and the runtime schema of its data.
 *
 * Data holds the facts themselves. When it happened (`occurredAt`), who reported it (`source`,
 * `sourceEventId`) and the schema version travel in the event's metadata, and the stream's own id is
 * in its name, so neither is repeated here.
 */
import type { z } from 'zod';
import { parseOrReject } from './schema';
import type { StreamCategory } from './stream-name';

/** What happened. Structurally the same as `DomainEvent` in @hindsight/event-store. */
export interface Event<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface EventSpec {
  /** Bumped, with an upcaster, whenever the shape of the data changes. */
  readonly schemaVersion: number;
  readonly description: string;
  readonly schema: z.ZodType<object>;
}

export type EventDefinition<
  Type extends string = string,
  Category extends StreamCategory = StreamCategory,
  Spec extends EventSpec = EventSpec,
> = Spec & { readonly type: Type; readonly category: Category };

/** Names each spec after its key and files it under `category`. */
export function defineEvents<const Category extends StreamCategory, const Specs extends Record<string, EventSpec>>(
  category: Category,
  specs: Specs,
): DefinitionsOf<Category, Specs> {
  const definitions = Object.entries(specs).map(([type, spec]) => [type, { ...spec, type, category }]);
  return Object.fromEntries(definitions) as DefinitionsOf<Category, Specs>;
}

type DefinitionsOf<Category extends StreamCategory, Specs extends Record<string, EventSpec>> = {
  readonly [Type in keyof Specs & string]: EventDefinition<Type, Category, Specs[Type]>;
};

/** The event a definition describes, its data inferred from the schema. Distributes over unions. */
export type EventOf<Definition> =
  Definition extends EventDefinition<infer Type, StreamCategory, infer Spec>
    ? Event<Type, z.output<Spec['schema']>>
    : never;

/** The union of the events a record of definitions describes. */
export type EventsOf<Definitions> = EventOf<Definitions[keyof Definitions]>;

/**
 * Builds a category's events inside `decide`, checked against their schemas, so a decision can never
 * record what the catalog would refuse. A command's fields carry the same names as the event's data,
 * so the reported path (`data.reason`) points at the command field to fix.
 */
export function createEventFactory<const Definitions extends Record<string, EventDefinition>>(
  definitions: Definitions,
) {
  return <Type extends keyof Definitions & string>(
    type: Type,
    data: z.input<Definitions[Type]['schema']>,
  ): Event<Type, z.output<Definitions[Type]['schema']>> => ({
    type,
    data: parseOrReject<Definitions[Type]['schema']>(definitions[type].schema, data, 'COMMAND.INVALID_DATA', 'data'),
  });
}
