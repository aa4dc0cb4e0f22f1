/**
 * A review's whole life over HTTP, on embedded defaults: the vendor-ticket story recorded through
 * recordEvents, a review of its journey opened, findings confirmed and dismissed with reasons, a root
 * cause, action items, closed; read back through the review queries, the journey and the open action
 * items across reviews. Refusals carry the domain's codes, and integrations cannot write a review.
 */
import { stories } from '@hindsight/domain';
import { projected, startApi, type RunningApi } from '../support/api';
import { factInput, recordEventsMutation, type RecordEventsBody } from '../support/facts';

const [ticketThatNobodyOwned, callbacksThatNeverCame] = stories;

const reviewFields = `
  id journeyId title status openedBy openedAt
  findings { findingCode findingSubject verdict reason by at }
  rootCause rootCauseBy
  actionItems { actionItemId description owner dueBy completedAt completedBy }
  summary closedBy closedAt`;

const openReview = `
  mutation Open($id: ID!, $journeyId: ID!, $title: String) {
    openReview(reviewId: $id, data: { journeyId: $journeyId, openedBy: "qa-lead-1", title: $title }) { stream revision }
  }`;
const confirmFinding = `
  mutation Confirm($id: ID!, $code: String!, $subject: ID, $reason: String!) {
    confirmFinding(reviewId: $id, data: { findingCode: $code, findingSubject: $subject, reason: $reason, by: "qa-lead-1" }) { stream revision }
  }`;
const dismissFinding = `
  mutation Dismiss($id: ID!, $code: String!, $reason: String!) {
    dismissFinding(reviewId: $id, data: { findingCode: $code, reason: $reason, by: "qa-lead-1" }) { stream revision }
  }`;
const recordRootCause = `
  mutation RootCause($id: ID!, $rootCause: String!) {
    recordRootCause(reviewId: $id, data: { rootCause: $rootCause, by: "qa-lead-1" }) { stream revision }
  }`;
const addActionItem = `
  mutation Add($id: ID!, $item: ID!, $description: String!, $owner: ID!, $dueBy: DateTime!) {
    addActionItem(reviewId: $id, data: { actionItemId: $item, description: $description, owner: $owner, dueBy: $dueBy }) { stream revision }
  }`;
const completeActionItem = `
  mutation Complete($id: ID!, $item: ID!, $by: ID!) {
    completeActionItem(reviewId: $id, data: { actionItemId: $item, by: $by }) { stream revision }
  }`;
const closeReview = `
  mutation Close($id: ID!, $summary: String!) {
    closeReview(reviewId: $id, data: { summary: $summary, by: "qa-lead-1" }) { stream revision }
  }`;

interface ReviewBody {
  readonly id: string;
  readonly journeyId: string;
  readonly status: string;
  readonly findings: readonly Record<string, unknown>[];
  readonly actionItems: readonly Record<string, unknown>[];
  readonly [field: string]: unknown;
}

interface OpenActionItemBody {
  readonly reviewId: string;
  readonly actionItemId: string;
  readonly owner: string;
  readonly dueBy: string;
}

describe('reviews', () => {
  let api: RunningApi;

  /** Sends a mutation and fails the test with the errors if it was refused. */
  const send = async (mutation: string, variables: object) => {
    const { data, errors } = await api.graphql(mutation, variables);
    expect(errors).toBeUndefined();
    return data;
  };
  const codeOf = async (mutation: string, variables: object) =>
    (await api.graphql(mutation, variables)).errors?.[0].extensions;

  beforeAll(async () => {
    api = await startApi();
    const recorded = await api.graphql<RecordEventsBody>(recordEventsMutation, {
      facts: [...ticketThatNobodyOwned.facts, ...callbacksThatNeverCame.facts].map(factInput),
    });
    expect(recorded.data?.recordEvents.rejected).toBe(0);
    await projected(api);

    // The vendor-ticket journey, reviewed from start to close.
    await send(openReview, { id: 'R-VENDOR', journeyId: 'contact-C-2', title: 'The ticket that nobody owned' });
    await send(confirmFinding, {
      id: 'R-VENDOR',
      code: 'DUPLICATE_TICKET',
      reason: 'A second ticket was opened instead of chasing the first',
    });
    await send(confirmFinding, { id: 'R-VENDOR', code: 'SILENCE', subject: 'case-T-1', reason: 'Nine days without a word' });
    await send(dismissFinding, { id: 'R-VENDOR', code: 'REPEAT_CONTACTS', reason: 'The customer was told to call back' });
    await send(recordRootCause, { id: 'R-VENDOR', rootCause: 'Vendor tickets have no owner once escalated' });
    await send(addActionItem, {
      id: 'R-VENDOR',
      item: 'AI-1',
      description: 'Name an owner for every escalated vendor ticket',
      owner: 'lead-support',
      dueBy: '2026-03-01T17:00:00Z',
    });
    await send(addActionItem, {
      id: 'R-VENDOR',
      item: 'AI-2',
      description: 'Alert on cases silent for 3 days',
      owner: 'lead-tooling',
      dueBy: '2026-02-15T17:00:00Z',
    });
    await send(completeActionItem, { id: 'R-VENDOR', item: 'AI-2', by: 'lead-tooling' });
    await send(closeReview, { id: 'R-VENDOR', summary: 'An ownership gap, not one agent' });

    // A second review, of the callbacks journey, still open, with an action item of its own.
    await send(openReview, { id: 'R-CALLBACKS', journeyId: 'case-S-1' });
    await send(addActionItem, {
      id: 'R-CALLBACKS',
      item: 'AI-1',
      description: 'Callbacks go to a queue, not a person',
      owner: 'lead-support',
      dueBy: '2026-02-20T17:00:00Z',
    });
    await projected(api);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('reads back the whole review: verdicts with reasons, root cause, action items and its conclusion', async () => {
    const { data, errors } = await api.graphql<{ review: ReviewBody }>(`query R($id: ID!) { review(id: $id) { ${reviewFields} } }`, {
      id: 'R-VENDOR',
    });

    expect(errors).toBeUndefined();
    expect(data!.review).toMatchObject({
      id: 'R-VENDOR',
      journeyId: 'contact-C-2',
      title: 'The ticket that nobody owned',
      status: 'closed',
      openedBy: 'qa-lead-1',
      rootCause: 'Vendor tickets have no owner once escalated',
      summary: 'An ownership gap, not one agent',
      closedBy: 'qa-lead-1',
    });
    expect(data!.review.closedAt).toEqual(expect.any(String));
    expect(data!.review.findings.map(({ findingCode, findingSubject, verdict, reason }) => [findingCode, findingSubject, verdict, reason])).toEqual([
      ['DUPLICATE_TICKET', null, 'confirmed', 'A second ticket was opened instead of chasing the first'],
      ['SILENCE', 'case-T-1', 'confirmed', 'Nine days without a word'],
      ['REPEAT_CONTACTS', null, 'dismissed', 'The customer was told to call back'],
    ]);
    expect(data!.review.actionItems).toEqual([
      expect.objectContaining({ actionItemId: 'AI-1', owner: 'lead-support', dueBy: '2026-03-01T17:00:00.000Z', completedAt: null }),
      expect.objectContaining({ actionItemId: 'AI-2', owner: 'lead-tooling', completedBy: 'lead-tooling', completedAt: expect.any(String) }),
    ]);
  });

  it('lists a journey’s reviews by any id the journey answers to, and on the journey itself', async () => {
    const { data, errors } = await api.graphql<{
      byStream: { id: string }[];
      byJourneyId: { id: string }[];
      journey: { id: string; streams: string[]; reviews: { id: string; status: string }[] };
    }>(`{
      byStream: reviews(journeyId: "contact-C-3") { id }
      byJourneyId: reviews(journeyId: "case-T-1") { id }
      journey(id: "contact-C-2") { id streams reviews { id status } }
    }`);

    expect(errors).toBeUndefined();
    expect(data!.byStream).toEqual([{ id: 'R-VENDOR' }]);
    expect(data!.byJourneyId).toEqual([{ id: 'R-VENDOR' }]);
    expect(data!.journey.reviews).toEqual([{ id: 'R-VENDOR', status: 'closed' }]);
    // A review is about the journey, never part of it.
    expect(data!.journey.streams.filter((stream) => stream.startsWith('review-'))).toEqual([]);
  });

  it('gives each journey of a page its own reviews', async () => {
    const { data, errors } = await api.graphql<{
      journeys: { edges: { node: { id: string; streams: string[]; reviews: { id: string }[] } }[] };
    }>('{ journeys(first: 20) { edges { node { id streams reviews { id } } } } }');

    expect(errors).toBeUndefined();
    const reviewsByStream = (stream: string) =>
      data!.journeys.edges.find(({ node }) => node.streams.includes(stream))!.node.reviews.map(({ id }) => id);
    expect(reviewsByStream('case-T-1')).toEqual(['R-VENDOR']);
    expect(reviewsByStream('case-S-1')).toEqual(['R-CALLBACKS']);
  });

  it('finds open action items across reviews, by owner and by due date', async () => {
    const query = `query Open($owner: ID, $dueBefore: DateTime) {
      openActionItems(owner: $owner, dueBefore: $dueBefore) { reviewId journeyId actionItemId owner dueBy description }
    }`;
    const all = await api.graphql<{ openActionItems: OpenActionItemBody[] }>(query, {});
    expect(all.errors).toBeUndefined();
    const supportLead = await api.graphql<{ openActionItems: OpenActionItemBody[] }>(query, { owner: 'lead-support' });
    const dueSoon = await api.graphql<{ openActionItems: OpenActionItemBody[] }>(query, {
      owner: 'lead-support',
      dueBefore: '2026-02-25T00:00:00Z',
    });

    const keys = (items: readonly OpenActionItemBody[]) => items.map(({ reviewId, actionItemId }) => `${reviewId}/${actionItemId}`);
    // Soonest due first; the completed AI-2 is not open.
    expect(keys(all.data!.openActionItems)).toEqual(['R-CALLBACKS/AI-1', 'R-VENDOR/AI-1']);
    expect(keys(supportLead.data!.openActionItems)).toEqual(['R-CALLBACKS/AI-1', 'R-VENDOR/AI-1']);
    expect(dueSoon.data!.openActionItems).toEqual([
      {
        reviewId: 'R-CALLBACKS',
        journeyId: 'case-S-1',
        actionItemId: 'AI-1',
        owner: 'lead-support',
        dueBy: '2026-02-20T17:00:00.000Z',
        description: 'Callbacks go to a queue, not a person',
      },
    ]);
  });

  it('pages open action items, each page continuing after the last item of the one before', async () => {
    const query = `query Page($after: String) { openActionItems(first: 1, after: $after) { reviewId actionItemId cursor } }`;
    type Page = { openActionItems: { reviewId: string; actionItemId: string; cursor: string }[] };

    const first = (await api.graphql<Page>(query, {})).data!.openActionItems;
    const second = (await api.graphql<Page>(query, { after: first[0].cursor })).data!.openActionItems;
    const third = (await api.graphql<Page>(query, { after: second[0].cursor })).data!.openActionItems;
    const forged = await api.graphql(query, { after: 'not-a-cursor' });

    expect([...first, ...second].map(({ reviewId, actionItemId }) => `${reviewId}/${actionItemId}`)).toEqual(['R-CALLBACKS/AI-1', 'R-VENDOR/AI-1']);
    expect(third).toEqual([]);
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('refuses a verdict on a closed review', async () => {
    expect(await codeOf(confirmFinding, { id: 'R-VENDOR', code: 'COLD_TRANSFER', reason: 'Too late' })).toMatchObject({
      code: 'REVIEW.ALREADY_CLOSED',
    });
  });

  it('refuses to close a review twice, and to open one twice', async () => {
    expect(await codeOf(closeReview, { id: 'R-VENDOR', summary: 'again' })).toMatchObject({ code: 'REVIEW.ALREADY_CLOSED' });
    expect(await codeOf(openReview, { id: 'R-VENDOR', journeyId: 'contact-C-2' })).toMatchObject({
      code: 'REVIEW.ALREADY_OPENED',
    });
  });

  it('refuses anything on a review never opened', async () => {
    expect(await codeOf(recordRootCause, { id: 'R-NEVER', rootCause: 'n/a' })).toMatchObject({ code: 'REVIEW.NOT_OPENED' });
  });

  it('refuses a review of something that is not a journey, naming the field', async () => {
    expect(await codeOf(openReview, { id: 'R-BAD', journeyId: 'C-2' })).toMatchObject({
      code: 'REVIEW.NOT_A_JOURNEY_ID',
      field: 'data.journeyId',
    });
  });

  it('completes an action item once, and only one the review has', async () => {
    expect(await codeOf(completeActionItem, { id: 'R-VENDOR', item: 'AI-2', by: 'lead-tooling' })).toMatchObject({
      code: 'REVIEW.ACTION_ITEM_ALREADY_COMPLETED',
    });
    expect(await codeOf(completeActionItem, { id: 'R-VENDOR', item: 'AI-9', by: 'lead-tooling' })).toMatchObject({
      code: 'REVIEW.ACTION_ITEM_NOT_FOUND',
    });
  });

  it('does not let an integration record on a review stream', async () => {
    const fact = {
      source: 'ticketing',
      sourceEventId: 'sneaky-1',
      occurredAt: '2026-02-02T09:00:00Z',
      stream: 'review-R-VENDOR',
      event: { caseAssigned: { assigneeId: 'agent-1' } },
    };
    const { data } = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: [fact] });

    expect(data!.recordEvents.results[0]).toMatchObject({
      status: 'REJECTED',
      error: { code: 'STREAM.NOT_RECORDABLE', field: 'facts.0.stream' },
    });
  });

  it('does not offer review events to recordEvents at all', async () => {
    const fact = {
      source: 'ticketing',
      sourceEventId: 'sneaky-2',
      occurredAt: '2026-02-02T09:00:00Z',
      stream: 'review-R-VENDOR',
      event: { reviewClosed: { summary: 'closed from outside', by: 'someone' } },
    };
    const { errors } = await api.graphql(recordEventsMutation, { facts: [fact] });

    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
