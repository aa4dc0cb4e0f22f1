/**
 * Stored events are never rewritten: when an event's shape changes, it gets a new schema version
 * and an upcaster that turns the previous version into it. The registry applies them on read, so
 * callers only ever see the newest shape.
 */

/** The parts of a stored event an upcaster may change. */
export interface VersionedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

export interface Upcaster {
  /** The event type and version this upcaster reads. */
  readonly type: string;
  readonly fromSchemaVersion: number;
  /** Returns the event in its next shape: usually the same type one version up, or a renamed type. */
  upcast(event: VersionedEvent): VersionedEvent;
}

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): void {
    const key = versionKey(upcaster.type, upcaster.fromSchemaVersion);
    if (this.upcasters.has(key)) {
      throw new Error(`Two upcasters claim ${key}: each stored version may have only one`);
    }
    this.upcasters.set(key, upcaster);
  }

  /** Applies upcasters one after another until no upcaster claims the result. */
  upcast(event: VersionedEvent): VersionedEvent {
    const visited = new Set<string>();
    let current = event;
    for (;;) {
      const key = versionKey(current.type, current.schemaVersion);
      const upcaster = this.upcasters.get(key);
      if (!upcaster) return current;
      if (visited.has(key)) {
        throw new Error(`Upcasters loop back to ${key}: a chain must end at the newest version`);
      }
      visited.add(key);
      current = upcaster.upcast(current);
    }
  }
}

function versionKey(type: string, schemaVersion: number): string {
  return `${type}@v${schemaVersion}`;
}
