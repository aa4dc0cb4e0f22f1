/**
 * A journey's post-mortem as data: the summary (customer, streams, outcome, key metrics), the timeline
 * with each finding pinned to the step where it became true, the findings with the events that prove
 * them, and the state of the journey's reviews (verdicts, root cause, action items).
 *
 * One `PostMortem` value is built from one GraphQL request to the public API; the JSON report is that
 * value, and Markdown and HTML are two renderings of it, so everything they show is decided here.
 */
import { formatDuration } from '@hindsight/domain';
import { JourneyNotFoundError } from '../api-output';
import type { GraphQLClient } from '../graphql-client';

export interface EvidenceEvent {
  /** 1-based position in the timeline; null when the event is not in the journey's timeline. */
  readonly step: number | null;
  readonly eventId: string;
  readonly occurredAt: string | null;
  readonly streamName: string | null;
  readonly description: string | null;
}

export interface ReportFinding {
  readonly code: string;
  readonly kind: string;
  readonly severity: string;
  readonly subject: string;
  readonly sentence: string;
  /** When it became true. */
  readonly at: string;
  /** The step of the timeline at which it became true (1-based), when the replay pins it to one. */
  readonly step: number | null;
  readonly evidence: readonly EvidenceEvent[];
  /** What the journey's reviews said about it, latest verdict per review. */
  readonly verdicts: readonly { readonly reviewId: string; readonly verdict: string; readonly reason: string; readonly by: string }[];
}

export interface ReportStep {
  readonly step: number;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Milliseconds since the journey's first event. */
  readonly offsetMs: number;
  readonly streamName: string;
  readonly type: string;
  readonly description: string;
  /** The findings that became true at this step (code and subject; details in `findings`). */
  readonly findings: readonly { readonly code: string; readonly subject: string; readonly severity: string; readonly sentence: string }[];
}

export interface ReportReview {
  readonly id: string;
  readonly title: string | null;
  readonly status: string;
  readonly openedBy: string;
  readonly openedAt: string;
  readonly findings: readonly {
    readonly findingCode: string;
    readonly findingSubject: string | null;
    readonly verdict: string;
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  }[];
  readonly rootCause: string | null;
  readonly rootCauseBy: string | null;
  readonly actionItems: readonly {
    readonly actionItemId: string;
    readonly description: string;
    readonly owner: string;
    readonly dueBy: string;
    readonly completedAt: string | null;
    readonly completedBy: string | null;
  }[];
  readonly summary: string | null;
  readonly closedBy: string | null;
  readonly closedAt: string | null;
}

export interface PostMortem {
  readonly journeyId: string;
  readonly summary: {
    readonly customerId: string | null;
    readonly streams: readonly string[];
    readonly startedAt: string | null;
    readonly lastActivityAt: string | null;
    readonly spanMs: number | null;
    readonly outcome: string;
    readonly outcomeProvisional: boolean;
    /** The figures a post-mortem opens with, as label and value, in reading order. */
    readonly keyMetrics: readonly { readonly label: string; readonly value: string }[];
    readonly findingsBySeverity: Readonly<Record<string, number>>;
  };
  readonly timeline: readonly ReportStep[];
  readonly findings: readonly ReportFinding[];
  readonly reviews: readonly ReportReview[];
  /** Sequence anomalies in the facts (data-quality notes), kept as data. */
  readonly notes: readonly { readonly code: string; readonly message: string }[];
}

// Judged as of now: a promise nobody kept or a request nobody returned shows only once time has passed
// (the stored journey is judged as of its last event).
const reportQuery = `
  query Report($id: ID!, $now: DateTime!) {
    journey: journeyReplay(id: $id, asOf: $now) {
      id customerId streams startedAt lastActivityAt
      timeline { eventId occurredAt recordedAt streamName type description }
      metrics {
        contacts { count channels repeatContacts }
        queue { queued totalWaitMs abandonedInQueue }
        holds { count totalMs longestMs withoutConsent customerDroppedOnHold }
        transfers { count agentChain explainedAgain }
        disconnects { droppedByUs }
        promises { made kept broken pending totalLatenessMs callbacksNeverAttempted }
        cases { count duplicates reopened longestSilenceMs timeToResolutionMs }
        outcome outcomeProvisional
      }
      findings { code kind severity subject sentence evidence at }
      notes { code message }
      reviews {
        id title status openedBy openedAt
        findings { findingCode findingSubject verdict reason by at }
        rootCause rootCauseBy
        actionItems { actionItemId description owner dueBy completedAt completedBy }
        summary closedBy closedAt
      }
    }
    journeySteps(id: $id) { entry { eventId } appeared { code subject } }
  }`;

interface ReportAnswer {
  readonly journey: {
    readonly id: string;
    readonly customerId: string | null;
    readonly streams: string[];
    readonly startedAt: string | null;
    readonly lastActivityAt: string | null;
    readonly timeline: { eventId: string; occurredAt: string; recordedAt: string; streamName: string; type: string; description: string }[];
    readonly metrics: {
      contacts: { count: number; channels: string[]; repeatContacts: number };
      queue: { queued: number; totalWaitMs: number; abandonedInQueue: number };
      holds: { count: number; totalMs: number; longestMs: number; withoutConsent: number; customerDroppedOnHold: number };
      transfers: { count: number; agentChain: string[]; explainedAgain: number };
      disconnects: { droppedByUs: number };
      promises: { made: number; kept: number; broken: number; pending: number; totalLatenessMs: number; callbacksNeverAttempted: number };
      cases: { count: number; duplicates: number; reopened: number; longestSilenceMs: number | null; timeToResolutionMs: number | null };
      outcome: string;
      outcomeProvisional: boolean;
    };
    readonly findings: { code: string; kind: string; severity: string; subject: string; sentence: string; evidence: string[]; at: string }[];
    readonly notes: { code: string; message: string }[];
    readonly reviews: ReportReview[];
  } | null;
  readonly journeySteps: { entry: { eventId: string }; appeared: { code: string; subject: string }[] }[];
}

/** Reads everything a post-mortem needs in one request and shapes it. */
export async function fetchPostMortem(client: GraphQLClient, journeyId: string): Promise<PostMortem> {
  const answer = await client.request<ReportAnswer>(reportQuery, { id: journeyId, now: new Date().toISOString() });
  if (!answer.journey) throw new JourneyNotFoundError(journeyId);
  return buildPostMortem(answer.journey, answer.journeySteps);
}

function buildPostMortem(journey: NonNullable<ReportAnswer['journey']>, steps: ReportAnswer['journeySteps']): PostMortem {
  const start = journey.timeline.length ? Date.parse(journey.timeline[0].occurredAt) : 0;
  const stepOfEvent = new Map(journey.timeline.map((entry, index) => [entry.eventId, index + 1]));
  // A finding is pinned to the step where it (last) appeared in the step-by-step replay.
  const appearedAt = new Map<string, number>();
  for (const step of steps) {
    const at = stepOfEvent.get(step.entry.eventId);
    if (at === undefined) continue;
    for (const finding of step.appeared) appearedAt.set(key(finding.code, finding.subject), at);
  }
  const findings: ReportFinding[] = [...journey.findings]
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.at.localeCompare(b.at))
    .map((finding) => ({
      code: finding.code,
      kind: finding.kind,
      severity: finding.severity,
      subject: finding.subject,
      sentence: finding.sentence,
      at: finding.at,
      step: appearedAt.get(key(finding.code, finding.subject)) ?? null,
      evidence: finding.evidence.map((eventId) => {
        const step = stepOfEvent.get(eventId);
        const entry = step === undefined ? undefined : journey.timeline[step - 1];
        return {
          step: step ?? null,
          eventId,
          occurredAt: entry?.occurredAt ?? null,
          streamName: entry?.streamName ?? null,
          description: entry?.description ?? null,
        };
      }),
      verdicts: journey.reviews.flatMap((review) =>
        review.findings
          .filter((verdict) => verdict.findingCode === finding.code && (verdict.findingSubject === null || verdict.findingSubject === finding.subject))
          .map((verdict) => ({ reviewId: review.id, verdict: verdict.verdict, reason: verdict.reason, by: verdict.by })),
      ),
    }));
  const timeline: ReportStep[] = journey.timeline.map((entry, index) => ({
    step: index + 1,
    eventId: entry.eventId,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    offsetMs: Date.parse(entry.occurredAt) - start,
    streamName: entry.streamName,
    type: entry.type,
    description: entry.description,
    findings: findings
      .filter((finding) => finding.step === index + 1)
      .map(({ code, subject, severity, sentence }) => ({ code, subject, severity, sentence })),
  }));
  const findingsBySeverity: Record<string, number> = {};
  for (const finding of findings) {
    const bucket = finding.kind === 'failure' ? finding.severity : 'good_practice';
    findingsBySeverity[bucket] = (findingsBySeverity[bucket] ?? 0) + 1;
  }
  return {
    journeyId: journey.id,
    summary: {
      customerId: journey.customerId,
      streams: journey.streams,
      startedAt: journey.startedAt,
      lastActivityAt: journey.lastActivityAt,
      spanMs: journey.startedAt && journey.lastActivityAt ? Date.parse(journey.lastActivityAt) - Date.parse(journey.startedAt) : null,
      outcome: journey.metrics.outcome,
      outcomeProvisional: journey.metrics.outcomeProvisional,
      keyMetrics: keyMetrics(journey.metrics),
      findingsBySeverity,
    },
    timeline,
    findings,
    reviews: journey.reviews,
    notes: journey.notes,
  };
}

function keyMetrics(metrics: NonNullable<ReportAnswer['journey']>['metrics']): { label: string; value: string }[] {
  const { contacts, queue, holds, transfers, disconnects, promises, cases } = metrics;
  const rows: { label: string; value: string }[] = [
    { label: 'Contacts', value: `${contacts.count}${contacts.channels.length ? ` (${contacts.channels.join(', ')})` : ''}, ${contacts.repeatContacts} repeat` },
    { label: 'Time in queue', value: `${formatDuration(queue.totalWaitMs)} over ${queue.queued} queue visit${plural(queue.queued)}, ${queue.abandonedInQueue} abandoned` },
    {
      label: 'Holds',
      value: `${holds.count}, ${formatDuration(holds.totalMs)} in all (longest ${formatDuration(holds.longestMs)}); ${holds.withoutConsent} without consent, ${holds.customerDroppedOnHold} hung up on hold`,
    },
    { label: 'Agents', value: transfers.agentChain.length ? transfers.agentChain.join(' → ') : 'none' },
    { label: 'Transfers', value: `${transfers.count}; the customer explained the problem again ${transfers.explainedAgain} time${plural(transfers.explainedAgain)}` },
    { label: 'Ended from our side', value: String(disconnects.droppedByUs) },
    {
      label: 'Promises',
      value: `${promises.made} made, ${promises.kept} kept, ${promises.broken} broken (${formatDuration(promises.totalLatenessMs)} late in all), ${promises.pending} pending; ${promises.callbacksNeverAttempted} callback${plural(promises.callbacksNeverAttempted)} never attempted`,
    },
    {
      label: 'Cases',
      value: `${cases.count}, ${cases.duplicates} duplicate${plural(cases.duplicates)}, ${cases.reopened} reopened; longest silence ${cases.longestSilenceMs === null ? 'none' : formatDuration(cases.longestSilenceMs)}`,
    },
    { label: 'Outcome', value: `${metrics.outcome.replace(/_/g, ' ')}${metrics.outcomeProvisional ? ' (provisional)' : ''}` },
  ];
  if (cases.timeToResolutionMs !== null) rows.splice(rows.length - 1, 0, { label: 'Time to resolution', value: formatDuration(cases.timeToResolutionMs) });
  return rows;
}

const severityOrder = ['info', 'low', 'medium', 'high', 'critical'];

function severityRank(severity: string): number {
  return severityOrder.indexOf(severity);
}

/** The summary's findings line: `1 critical, 3 high, 2 good practice`, most severe first. */
export function findingCounts(counts: Readonly<Record<string, number>>): string {
  return [...severityOrder].reverse().concat('good_practice')
    .filter((bucket) => counts[bucket])
    .map((bucket) => `${counts[bucket]} ${bucket.replace('_', ' ')}`)
    .join(', ');
}

function key(code: string, subject: string): string {
  return `${code}\u0000${subject}`;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
