/**
 * The journeys of this folder's stories (`*.md`) as the facts an integration service would record: which stream,
 * what happened, when by the source's clock, and the source's own id for it. They prove the catalog can
 * record every line of the stories, and serve as demo data and end-to-end fixtures.
 *
 * Lines that say nothing happened ("no update", "never attempted") have no fact: an absence is what the
 * projection finds between the facts.
 */
import type { JourneyEvent } from '../catalog/event-catalog';
import type { ContactDirection } from '../contact/contact.events';
import { parseStreamName, type JourneyStreamCategory, type StreamName } from '../shared/stream-name';

export type StoryFact = JourneyEvent & {
  readonly streamName: StreamName;
  /** ISO-8601, from the source's clock. */
  readonly occurredAt: string;
  readonly source: string;
  /** Unique within the story, so recording a story twice records it once. */
  readonly sourceEventId: string;
};

export interface Story {
  /** The story's file name in this folder, without `.md`. */
  readonly id: string;
  readonly title: string;
  /** In the order the story tells them. */
  readonly facts: readonly StoryFact[];
}

/** Which system would report a fact about each kind of stream. */
const sourceByCategory: Readonly<Record<JourneyStreamCategory, string>> = {
  contact: 'telephony',
  callback: 'crm',
  case: 'ticketing',
};

/** One line of a story's timeline: when, on which stream, what. */
export type StoryLine = readonly [occurredAt: string, streamName: StreamName<JourneyStreamCategory>, event: JourneyEvent];

export function story(id: string, title: string, timeline: readonly StoryLine[]): Story {
  const facts = timeline.map(([occurredAt, streamName, event], index): StoryFact => ({
    ...event,
    streamName,
    occurredAt,
    // A story line's stream is a journey's (see StoryLine).
    source: sourceByCategory[parseStreamName(streamName).category as JourneyStreamCategory],
    sourceEventId: `${id}-${String(index + 1).padStart(3, '0')}`,
  }));
  return { id, title, facts };
}

/** The start of a phone call the customer or we placed directly, before any link is added. */
export function voiceCall(direction: ContactDirection) {
  return { channel: 'voice', direction, origin: direction } as const;
}
