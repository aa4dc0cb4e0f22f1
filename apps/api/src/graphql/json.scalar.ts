/** `JSON`: an event's data as stored, on output only; its shape is the event type's (see the catalog). */
import { GraphQLScalarType } from 'graphql';

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: "A JSON value; for event data, the shape is given by the event type in the catalog",
  serialize: (value) => value,
});
