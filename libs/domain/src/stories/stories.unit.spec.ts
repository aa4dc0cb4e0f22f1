/**
 * Every line of the stories (libs/domain/src/stories/*.md) must be recordable with the catalog. Each story is written out as
 * facts (story files beside this one); here every fact is checked the way an integration's fact is
 * checked before it is stored.
 */
import { parseEventForStream } from '../catalog/event-catalog';
import { isTimestamp } from '../shared/schema';
import { callbacksThatNeverCame } from './callbacks-that-never-came.story';
import { stories } from './stories';
import type { Story } from './story';
import { theTicketThatNobodyOwned } from './the-ticket-that-nobody-owned.story';

const streamsOf = (story: Story) => new Set(story.facts.map((fact) => fact.streamName));

describe.each(stories)('the story "$title"', (story) => {
  it('records every fact as a valid event on a stream of its category', () => {
    for (const { streamName, type, data } of story.facts) {
      expect(parseEventForStream(streamName, { type, data })).toEqual({ type, data });
    }
  });

  it('dates every fact with a timezone', () => {
    const undated = story.facts.filter((fact) => !isTimestamp(fact.occurredAt));
    expect(undated).toEqual([]);
  });

  it('gives every fact its own source event id', () => {
    const ids = story.facts.map((fact) => fact.sourceEventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe(theTicketThatNobodyOwned.title, () => {
  it('has the streams the story names: T-1, T-2, C-1 to C-4 and the callback C-3 promised', () => {
    expect(streamsOf(theTicketThatNobodyOwned)).toEqual(
      new Set([
        'case-T-1',
        'contact-C-1',
        'contact-C-2',
        'contact-C-3',
        'case-T-2',
        'callback-CB-1',
        'contact-C-4',
      ]),
    );
  });

  it('records the hold the customer never agreed to, and the hang-up on hold', () => {
    const c1 = theTicketThatNobodyOwned.facts.filter((fact) => fact.streamName === 'contact-C-1');
    expect(c1.map((fact) => fact.type)).toEqual([
      'ContactStarted',
      'CustomerIdentified',
      'ContactQueued',
      'ContactAnswered',
      'ProblemExplained',
      'HoldStarted',
      'ContactDisconnected',
    ]);
    expect(c1).toContainEqual(
      expect.objectContaining({ type: 'HoldStarted', data: expect.objectContaining({ customerConsent: 'no' }) }),
    );
    expect(c1.at(-1)).toMatchObject({ occurredAt: '2026-03-05T10:29:30Z', data: { by: 'customer' } });
  });
});

describe(callbacksThatNeverCame.title, () => {
  it('has the streams the story names: S-1, M-1, M-2, W-1 to W-3 and W-CASE, and the two voicemails', () => {
    expect(streamsOf(callbacksThatNeverCame)).toEqual(
      new Set([
        'case-S-1',
        'contact-M-1',
        'contact-M-2',
        'contact-VM-1',
        'callback-W-1',
        'contact-VM-2',
        'callback-W-2',
        'contact-W-3',
        'case-W-CASE',
      ]),
    );
  });

  it('records the promise of an update within a week on the case it concerns', () => {
    expect(callbacksThatNeverCame.facts).toContainEqual(
      expect.objectContaining({
        streamName: 'case-S-1',
        type: 'ExpectationSet',
        data: expect.objectContaining({ dueBy: '2026-01-14T10:00:00Z', promisedBy: 'agent-7' }),
      }),
    );
  });
});
