/**
 * Journey facts for tests, built from the stories (../../stories) the way the store would deliver them:
 * an event id per fact, `$all` positions in the order the story tells them, and the story's own times.
 */
import { story as storyOf, type StoryLine } from '../../stories/story';
import type { Story } from '../../stories/story';
import type { StreamName } from '../../shared/stream-name';
import type { JourneyFact } from '../journey-fact';

export function journeyFactsOf(story: Story, recordedAfterMs = 1_000): JourneyFact[] {
  return story.facts.map(({ sourceEventId, ...fact }, index) => ({
    ...fact,
    eventId: `${story.id}/${sourceEventId}`,
    position: BigInt(index + 1) * 64n,
    recordedAt: new Date(Date.parse(fact.occurredAt) + recordedAfterMs).toISOString(),
  })) as JourneyFact[];
}

/** Facts told as story lines, for a test's own small journey. */
export function journeyFacts(id: string, lines: readonly StoryLine[]): JourneyFact[] {
  return journeyFactsOf(storyOf(id, id, lines));
}

export function onStreams(facts: readonly JourneyFact[], streams: readonly StreamName[]): JourneyFact[] {
  return facts.filter((fact) => streams.includes(fact.streamName));
}
