/**
 * A request from one of our own frontends, decided against the current state of one stream.
 * The moment it is made comes in with it, so the domain never reads a clock.
 */
export interface CommandMetadata {
  /** ISO-8601; becomes the `occurredAt` of the events it causes. */
  readonly now: string;
}

export interface Command<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}
