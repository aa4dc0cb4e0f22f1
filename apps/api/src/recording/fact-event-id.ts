/**
 * The id a fact is stored under: a UUID v5 of its source and its source's id for it, so the same fact
 * sent again, a minute or a month later, by any instance of the API, arrives with the same id.
 */
import { v5 as uuidv5 } from 'uuid';

/** Fixed forever: changing it would give every fact already stored a different id from its re-sends. */
const HINDSIGHT_FACT_NAMESPACE = '1b4e28ba-2fa1-4d2b-a8d3-6f0c5e2a9b7d';

export function factEventId(source: string, sourceEventId: string): string {
  // JSON keeps the two apart whatever characters they contain.
  return uuidv5(JSON.stringify([source, sourceEventId]), HINDSIGHT_FACT_NAMESPACE);
}
