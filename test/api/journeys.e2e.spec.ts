/**
 * Journeys over HTTP, end to end on embedded defaults: facts recorded with recordEvents, projected
 * by the projector inside the API into PGlite (or PostgreSQL when DATABASE_URL is set), read back
 * through GraphQL and followed live over graphql-ws.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { stories } from '@hindsight/domain';
import { projected, startApi, type RunningApi } from '../support/api';
import { factInput, recordEventsMutation, type RecordEventsBody } from '../support/facts';

const [ticketThatNobodyOwned, callbacksThatNeverCame] = stories;

const journeyQuery = `
  query Journey($id: ID!) {
    journey(id: $id) {
      id customerId streams startedAt lastActivityAt
      timeline { eventId type streamName occurredAt description }
      contacts { contactId channel agents holds { durationMs customerConsent customerDropped } disconnect { by } droppedByUs repeat }
      cases { caseId duplicateOf status longestSilenceMs customerLost { reason } }
      callbacks { callbackId status dueBy keptAt latenessMs }
      metrics {
        contacts { count channels }
        holds { count totalMs longestMs withoutConsent customerDroppedOnHold }
        transfers { agentChain explainedAgain }
        disconnects { customer agent droppedByUs }
        promises { made kept broken totalLatenessMs }
        cases { count duplicates }
        outcome
      }
      notes { code }
    }
  }`;

interface JourneyBody {
  readonly journey: {
    readonly id: string;
    readonly streams: string[];
    readonly timeline: { type: string }[];
    readonly contacts: { contactId: string; droppedByUs: boolean }[];
    readonly metrics: Record<string, Record<string, unknown> | string>;
    readonly [field: string]: unknown;
  } | null;
}

describe('journeys', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
    const recorded = await api.graphql<RecordEventsBody>(recordEventsMutation, {
      facts: [...ticketThatNobodyOwned.facts, ...callbacksThatNeverCame.facts].map(factInput),
    });
    expect(recorded.data?.recordEvents.rejected).toBe(0);
    await projected(api);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('stitches the vendor ticket into one journey with the numbers its timeline implies', async () => {
    const { data, errors } = await api.graphql<JourneyBody>(journeyQuery, { id: 'contact-C-2' });

    expect(errors).toBeUndefined();
    const journey = data!.journey!;
    expect(journey.streams).toEqual(
      expect.arrayContaining(['case-T-1', 'case-T-2', 'contact-C-1', 'contact-C-2', 'contact-C-3', 'contact-C-4']),
    );
    expect(journey.timeline).toHaveLength(ticketThatNobodyOwned.facts.length);
    expect(journey.metrics).toMatchObject({
      contacts: { count: 4 },
      holds: { count: 1, totalMs: 1_290_000, withoutConsent: 1, customerDroppedOnHold: 1 },
      disconnects: { droppedByUs: 1 },
      promises: { broken: 1, totalLatenessMs: 11 * 3_600_000 },
      cases: { count: 2, duplicates: 1 },
      outcome: 'customer_lost',
    });
    expect(journey.contacts.filter((contact) => contact.droppedByUs).map((contact) => contact.contactId)).toEqual(['C-2']);
  });

  it('finds the same journey by its id or by any of its streams', async () => {
    const byStream = await api.graphql<JourneyBody>(journeyQuery, { id: 'contact-C-4' });
    const byId = await api.graphql<JourneyBody>(journeyQuery, { id: byStream.data!.journey!.id });

    expect(byId.data!.journey).toEqual(byStream.data!.journey);
  });

  it('answers a contact and a case with the journey they belong to', async () => {
    const { data } = await api.graphql<{
      contact: { contactId: string; journeyId: string; holds: { customerConsent: string }[] };
      case: { caseId: string; journeyId: string; duplicateOf: string };
    }>(`{ contact(id: "C-1") { contactId journeyId holds { customerConsent } } case(id: "T-2") { caseId journeyId duplicateOf } }`);

    expect(data!.contact).toMatchObject({ contactId: 'C-1', holds: [{ customerConsent: 'no' }] });
    expect(data!.case).toMatchObject({ caseId: 'T-2', duplicateOf: 'T-1', journeyId: data!.contact.journeyId });
  });

  it('lists journeys by filter, page by page, with the total count', async () => {
    const page = (after: string | null) =>
      api.graphql<{
        journeys: { totalCount: number; edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }>(
        `query($after: String) { journeys(filter: { customerId: "cust-maple" }, first: 2, after: $after) {
           totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );

    const first = await page(null);
    const second = await page(first.data!.journeys.pageInfo.endCursor);
    const held = await api.graphql<{ journeys: { totalCount: number } }>(
      `{ journeys(filter: { minHoldMs: 1200000, brokenPromise: true }) { totalCount } }`,
    );

    const { totalCount, edges, pageInfo } = first.data!.journeys;
    expect(totalCount).toBeGreaterThan(2);
    expect(edges).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    const seen = [...edges, ...second.data!.journeys.edges].map((edge) => edge.node.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(held.data!.journeys.totalCount).toBe(1);
  });

  it('summarizes contact-centre rates by agent', async () => {
    const { data, errors } = await api.graphql<{ journeyMetrics: { key: string; averageHoldMs: number | null }[] }>(
      `{ journeyMetrics(groupBy: AGENT) { key averageHoldMs transferRate abandonRate firstContactResolutionRate counts { contacts holds } } }`,
    );

    expect(errors).toBeUndefined();
    expect(data!.journeyMetrics).toContainEqual(expect.objectContaining({ key: 'agent-1', averageHoldMs: 1_290_000 }));
  });

  it('refuses a query that would cost more than the limit, with its own code', async () => {
    const page = `journeys(first: 100) { edges { node { timeline { eventId type occurredAt description data } contacts { holds { durationMs } } } } }`;
    const fullJourney = await api.graphql(journeyQuery, { id: 'case-T-1' });
    const { errors, data } = await api.graphql(`{ a: ${page} b: ${page} c: ${page} }`);

    expect(fullJourney.errors).toBeUndefined();

    expect(data ?? null).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  describe('replay', () => {
    const replayQuery = `
      query Replay($id: ID!, $asOf: DateTime!, $clock: ReplayClock) {
        journeyReplay(id: $id, asOf: $asOf, clock: $clock) {
          id timeline { type occurredAt }
          contacts { contactId holds { durationMs customerDropped } }
          metrics { contacts { count } holds { totalMs } promises { made broken } outcome }
        }
      }`;
    type ReplayBody = {
      journeyReplay: {
        timeline: { type: string }[];
        contacts: { contactId: string }[];
        metrics: { contacts: { count: number }; holds: { totalMs: number }; promises: { made: number } };
      } | null;
    };

    it('shows what had happened by a moment: the first call, hung up on hold, and nothing after', async () => {
      const { data, errors } = await api.graphql<ReplayBody>(replayQuery, { id: 'case-T-1', asOf: '2026-03-05T10:30:00Z' });

      expect(errors).toBeUndefined();
      expect(data!.journeyReplay!.contacts.map((contact) => contact.contactId)).toEqual(['C-1']);
      expect(data!.journeyReplay!.metrics).toMatchObject({
        contacts: { count: 1 },
        holds: { totalMs: 1_290_000 },
        promises: { made: 0 },
      });
    });

    it('shows what Hindsight knew by a moment: nothing, before the facts were recorded', async () => {
      const { data } = await api.graphql<ReplayBody>(replayQuery, {
        id: 'case-T-1',
        asOf: '2026-03-05T10:30:00Z',
        clock: 'RECORDED',
      });

      expect(data!.journeyReplay!.timeline).toEqual([]);
    });

    it('shows a promise open when it was made, and broken once its due time has passed unkept', async () => {
      const callbackAsOf = async (asOf: string) => {
        const { data } = await api.graphql<{ journeyReplay: { callbacks: { callbackId: string; status: string }[] } }>(
          `query($asOf: DateTime!) { journeyReplay(id: "callback-CB-1", asOf: $asOf) { callbacks { callbackId status } } }`,
          { asOf },
        );
        return data!.journeyReplay.callbacks.find((callback) => callback.callbackId === 'CB-1')?.status;
      };

      expect(await callbackAsOf('2026-03-05T10:57:00Z')).toBe('pending');
      expect(await callbackAsOf('2026-03-05T16:00:00Z')).toBe('broken');
    });

    it('on the recorded clock, leaves out a late-arriving fact before it was recorded and shows it after', async () => {
      const timelineOf = async (asOf: string) => {
        const { data } = await api.graphql<{ journeyReplay: { timeline: { type: string }[] } }>(
          `query($asOf: DateTime!) { journeyReplay(id: "case-W-CASE", asOf: $asOf, clock: RECORDED) { timeline { type } } }`,
          { asOf },
        );
        return data!.journeyReplay.timeline.map((entry) => entry.type);
      };
      const beforeLateFact = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await api.graphql(recordEventsMutation, {
        facts: [
          {
            source: 'ticketing',
            sourceEventId: 'late-follow-up',
            // It happened long ago, by the source's clock, but reaches Hindsight only now.
            occurredAt: '2026-02-17T09:00:00Z',
            stream: 'case-W-CASE',
            event: { followUpCompleted: { outcome: 'confirmed_resolved' } },
          },
        ],
      });
      await projected(api);

      expect(await timelineOf(beforeLateFact)).not.toContain('FollowUpCompleted');
      expect(await timelineOf(new Date().toISOString())).toContain('FollowUpCompleted');
    });

    it('agrees with the read model when replayed as of the last activity', async () => {
      const stored = await api.graphql<JourneyBody>(journeyQuery, { id: 'case-S-1' });
      const journey = stored.data!.journey!;

      const replayed = await api.graphql<JourneyBody>(
        journeyQuery.replace('journey(id: $id)', 'journey: journeyReplay(id: $id, asOf: $asOf)').replace('($id: ID!)', '($id: ID!, $asOf: DateTime!)'),
        { id: journey.id, asOf: journey.lastActivityAt },
      );

      expect(replayed.errors).toBeUndefined();
      expect(replayed.data!.journey).toEqual(journey);
    });
  });

  describe('findings', () => {
    it('finds in the vendor ticket exactly what its post-mortem should find, each with its evidence', async () => {
      const { data, errors } = await api.graphql<{
        journey: { findings: { code: string; severity: string; sentence: string; evidence: string[] }[] };
      }>(`{ journey(id: "case-T-1") { findings { code severity sentence evidence } } }`);

      expect(errors).toBeUndefined();
      const { findings } = data!.journey;
      expect(findings.map((finding) => finding.code).sort()).toEqual(
        [
          'BROKEN_PROMISE',
          'CUSTOMER_LOST',
          'DROPPED_ON_HOLD',
          'DUPLICATE_TICKET',
          'ENDED_BY_US',
          'HOLD_WITHOUT_CONSENT',
          'LONG_HOLD',
          'REPEAT_CONTACTS',
          'SILENCE',
        ].sort(),
      );
      expect(findings.find((finding) => finding.code === 'DROPPED_ON_HOLD')).toMatchObject({
        sentence: 'The customer was on hold for 21 min 30 s without being asked, then hung up.',
        evidence: expect.arrayContaining([expect.any(String)]),
      });
    });

    it('replays step by step, with the findings that became true at each step', async () => {
      const { data, errors } = await api.graphql<{
        journeySteps: { entry: { type: string; streamName: string }; appeared: { code: string }[]; metricDeltas: { metric: string }[] }[];
      }>(`{ journeySteps(id: "case-T-1") { entry { type streamName } appeared { code } metricDeltas { metric } } }`);

      expect(errors).toBeUndefined();
      const steps = data!.journeySteps;
      expect(steps).toHaveLength(ticketThatNobodyOwned.facts.length);
      const hangUp = steps.find((step) => step.entry.type === 'ContactDisconnected' && step.entry.streamName === 'contact-C-1')!;
      expect(hangUp.appeared.map((finding) => finding.code)).toContain('DROPPED_ON_HOLD');
      expect(hangUp.metricDeltas.map((delta) => delta.metric)).toContain('holds.customerDroppedOnHold');
    });

    it('says what other thresholds would change, without touching anything stored', async () => {
      const { data, errors } = await api.graphql<{
        findingsWhatIf: { journeys: { journeyId: string; removed: { code: string }[]; added: unknown[] }[] };
      }>(`{ findingsWhatIf(from: { version: "2026.1" }, to: { version: "2026.1", thresholds: { longHoldMs: 1800000 } }) {
             journeys { journeyId removed { code } added { code } } } }`);

      expect(errors).toBeUndefined();
      expect(data!.findingsWhatIf.journeys).toEqual([
        { journeyId: expect.any(String), removed: [{ code: 'LONG_HOLD' }], added: [] },
      ]);
    });
  });

  it('refuses a malformed cursor with its own code', async () => {
    const { errors } = await api.graphql(`{ journeys(after: "not-a-cursor") { totalCount } }`);

    expect(errors?.[0].extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('pushes a journey to its subscribers once the projector has committed a change to it', async () => {
    const client = createClient({
      url: `${(await api.app.getUrl()).replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${api.adminKey}` },
    });
    const updates: { journeyUpdated: { metrics: { contacts: { count: number } } } }[] = [];
    const received = new Promise<void>((resolve, reject) => {
      client.subscribe<(typeof updates)[number]>(
        { query: 'subscription { journeyUpdated(id: "case-T-1") { id metrics { contacts { count } } } }' },
        {
          next: ({ data }) => {
            updates.push(data!);
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    await api.graphql(recordEventsMutation, {
      facts: [
        {
          source: 'telephony',
          sourceEventId: 'late-contact-1',
          occurredAt: '2026-03-06T10:00:00Z',
          stream: 'contact-C-5',
          event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', caseId: 'T-1' } },
        },
      ],
    });
    await received;
    await client.dispose();

    expect(updates[0].journeyUpdated.metrics.contacts.count).toBe(5);
  });
});
