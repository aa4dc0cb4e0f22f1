/**
 * `cli report <journeyId> --format md|html|json [--out file]`: a journey's post-mortem document,
 * read from the API's public GraphQL API: the summary (customer, streams, outcome, key metrics), the
 * timeline with each finding pinned to the step where it became true, the findings with the events
 * that prove them, and the state of the journey's reviews (verdicts, root cause, action items).
 *
 * One `PostMortem` value is built from the answers; JSON is that value, Markdown and HTML are two
 * renderings of it. The HTML is one self-contained page (inline style, no scripts, nothing fetched)
 * in which every piece of data is escaped.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, errorMessage, type Command, type CommandContext } from './command';
import { ApiUnavailableError, GraphQLRequestError, URL_HELP, apiCredential, apiUrl, graphqlClient, type GraphQLClient } from './graphql-client';

export const reportFormats = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

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

/** No journey has that id or stream name (yet: the projector may not have caught up). */
export class JourneyNotFoundError extends Error {
  constructor(readonly journeyId: string) {
    super(`no journey has the id or stream "${journeyId}" (if its facts were just recorded, the projector may not have caught up yet)`);
    this.name = 'JourneyNotFoundError';
  }
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

// ---------------------------------------------------------------------------------------------
// Shared formatting

const severityOrder = ['info', 'low', 'medium', 'high', 'critical'];

export function severityRank(severity: string): number {
  return severityOrder.indexOf(severity);
}

function key(code: string, subject: string): string {
  return `${code}\u0000${subject}`;
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

/** `21 min 30 s`, `3 d 1 h`, `0 s`: the domain's sentences spell durations this way. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = days
    ? [`${days} d`, hours ? `${hours} h` : '', !hours && minutes ? `${minutes} min` : '']
    : hours
      ? [`${hours} h`, minutes ? `${minutes} min` : '']
      : minutes
        ? [`${minutes} min`, seconds ? `${seconds} s` : '']
        : [`${seconds} s`];
  return `${ms < 0 ? '-' : ''}${parts.filter(Boolean).join(' ')}`;
}

/** `+3d 01:29:30`, `+0:21:30`: an offset from the journey's start, fixed-width within a day. */
export function formatOffset(ms: number): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = String(Math.floor((totalSeconds % 3600) / 60)).padStart(2, '0');
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  const sign = ms < 0 ? '-' : '+';
  return days ? `${sign}${days}d ${String(hours).padStart(2, '0')}:${minutes}:${seconds}` : `${sign}${hours}:${minutes}:${seconds}`;
}

/** `2026-03-05 10:29:30` (UTC). */
export function formatInstant(iso: string | null): string {
  if (!iso) return '-';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text from the data, made inert: no emphasis, links, raw HTML or table breaks; one line. */
export function mdText(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** A code span that survives backticks in its content. */
function mdCode(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const fence = '`'.repeat((flat.match(/`+/g) ?? []).reduce((longest, run) => Math.max(longest, run.length), 0) + 1);
  return fence.length > 1 ? `${fence} ${flat} ${fence}` : `\`${flat}\``;
}

export function renderMarkdown(report: PostMortem): string {
  const { summary } = report;
  const lines: string[] = [];
  lines.push(`# Post-mortem: journey ${mdCode(report.journeyId)}`, '');
  lines.push('## Summary', '');
  lines.push(`- **Customer:** ${summary.customerId ? mdCode(summary.customerId) : 'unknown'}`);
  lines.push(`- **Streams:** ${summary.streams.map(mdCode).join(', ')}`);
  lines.push(
    `- **From** ${formatInstant(summary.startedAt)} **to** ${formatInstant(summary.lastActivityAt)} UTC` +
      (summary.spanMs === null ? '' : ` (${formatDuration(summary.spanMs)})`),
  );
  for (const metric of summary.keyMetrics) lines.push(`- **${metric.label}:** ${mdText(metric.value)}`);
  lines.push(`- **Findings:** ${findingCounts(summary.findingsBySeverity) || 'none'}`);
  lines.push('', '## Timeline', '', `${report.timeline.length} events, by the sources' clocks (UTC).`, '');
  lines.push('| # | Time (UTC) | Since start | Stream | Event |', '|---:|---|---:|---|---|');
  for (const step of report.timeline) {
    lines.push(`| ${step.step} | ${formatInstant(step.occurredAt)} | ${formatOffset(step.offsetMs)} | ${mdCode(step.streamName)} | ${mdText(step.description)} |`);
    for (const finding of step.findings) {
      lines.push(`| | | | | ⚑ **${finding.severity}** ${mdCode(finding.code)}: ${mdText(finding.sentence)} |`);
    }
  }
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) lines.push('The rulebook found nothing in this journey.');
  report.findings.forEach((finding, index) => {
    const kind = finding.kind === 'good_practice' ? 'good practice' : finding.severity;
    lines.push(`### ${index + 1}. ${mdCode(finding.code)} (${kind})`, '');
    lines.push(mdText(finding.sentence), '');
    lines.push(`Became true ${finding.step === null ? '' : `at step ${finding.step}, `}${formatInstant(finding.at)} UTC.`);
    for (const verdict of finding.verdicts) {
      lines.push(`Review ${mdCode(verdict.reviewId)}: **${verdict.verdict}** by ${mdText(verdict.by)}: ${mdText(verdict.reason)}`);
    }
    lines.push('', 'Evidence:', '');
    for (const event of finding.evidence) lines.push(`- ${evidenceLine(event, mdCode, mdText)}`);
    lines.push('');
  });
  lines.push('## Reviews', '');
  if (report.reviews.length === 0) lines.push('No review has been opened for this journey yet.', '');
  for (const review of report.reviews) {
    lines.push(`### Review ${mdCode(review.id)}${review.title ? `: ${mdText(review.title)}` : ''} (${review.status})`, '');
    lines.push(`- **Opened** by ${mdText(review.openedBy)} at ${formatInstant(review.openedAt)} UTC`);
    if (review.closedAt) lines.push(`- **Closed** by ${mdText(review.closedBy ?? 'unknown')} at ${formatInstant(review.closedAt)} UTC: ${mdText(review.summary ?? '')}`);
    lines.push(`- **Root cause:** ${review.rootCause ? `${mdText(review.rootCause)} (${mdText(review.rootCauseBy ?? 'unknown')})` : 'not recorded yet'}`);
    lines.push('');
    if (review.findings.length) {
      lines.push('| Finding | Verdict | Reason | By |', '|---|---|---|---|');
      for (const verdict of review.findings) {
        const subject = verdict.findingSubject ? ` (${mdText(verdict.findingSubject)})` : '';
        lines.push(`| ${mdCode(verdict.findingCode)}${subject} | ${verdict.verdict} | ${mdText(verdict.reason)} | ${mdText(verdict.by)} |`);
      }
      lines.push('');
    } else {
      lines.push('No finding judged yet.', '');
    }
    lines.push('Action items:', '');
    if (review.actionItems.length === 0) lines.push('- none');
    for (const item of review.actionItems) {
      const done = item.completedAt ? `done ${formatInstant(item.completedAt)} by ${mdText(item.completedBy ?? 'unknown')}` : 'open';
      lines.push(`- [${item.completedAt ? 'x' : ' '}] ${mdCode(item.actionItemId)} ${mdText(item.description)}: ${mdText(item.owner)}, due ${formatInstant(item.dueBy)} (${done})`);
    }
    lines.push('');
  }
  if (report.notes.length) {
    lines.push('## Data-quality notes', '');
    for (const note of report.notes) lines.push(`- ${mdCode(note.code)}: ${mdText(note.message)}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function findingCounts(counts: Readonly<Record<string, number>>): string {
  return [...severityOrder].reverse().concat('good_practice')
    .filter((bucket) => counts[bucket])
    .map((bucket) => `${counts[bucket]} ${bucket.replace('_', ' ')}`)
    .join(', ');
}

function evidenceLine(event: EvidenceEvent, code: (text: string) => string, text: (text: string) => string): string {
  if (event.step === null) return `event ${code(event.eventId)} (not in the timeline)`;
  return `step ${event.step}, ${formatInstant(event.occurredAt)}, ${code(event.streamName ?? '')}: ${text(event.description ?? '')}`;
}

// ---------------------------------------------------------------------------------------------
// HTML

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}

const style = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d8dce3; } h3 { font-size: 1.05rem; margin-bottom: .3rem; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f1f3f6; padding: 0 .25rem; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eceef2; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; } td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.finding td { border-bottom: none; padding-top: 0; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.summary dt { font-weight: 600; } dl.summary dd { margin: 0; }
.sev { display: inline-block; min-width: 4.5rem; padding: 0 .4rem; border-radius: 3px; font-size: 12px; font-weight: 600; text-transform: uppercase; color: #fff; text-align: center; }
.sev-critical { background: #8b1020; } .sev-high { background: #c62828; } .sev-medium { background: #d88400; } .sev-low { background: #2f6fb0; } .sev-info { background: #6b7280; } .sev-good { background: #2e7d32; }
.finding-card { border-left: 4px solid #d8dce3; padding: .2rem 1rem .6rem; margin: 1rem 0; } .muted { color: #5d6676; }
`;

export function renderHtml(report: PostMortem): string {
  const e = escapeHtml;
  const code = (text: string) => `<code>${e(text)}</code>`;
  const badge = (severity: string, kind: string) =>
    kind === 'good_practice' ? '<span class="sev sev-good">good</span>' : `<span class="sev sev-${e(severity)}">${e(severity)}</span>`;
  const { summary } = report;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Post-mortem: journey ${e(report.journeyId)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<h1>Post-mortem: journey ${code(report.journeyId)}</h1>`,
    '<h2>Summary</h2>',
    '<dl class="summary">',
    `<dt>Customer</dt><dd>${summary.customerId ? code(summary.customerId) : 'unknown'}</dd>`,
    `<dt>Streams</dt><dd>${summary.streams.map(code).join(', ')}</dd>`,
    `<dt>Span</dt><dd>${e(formatInstant(summary.startedAt))} to ${e(formatInstant(summary.lastActivityAt))} UTC${summary.spanMs === null ? '' : ` (${e(formatDuration(summary.spanMs))})`}</dd>`,
    ...summary.keyMetrics.map((metric) => `<dt>${e(metric.label)}</dt><dd>${e(metric.value)}</dd>`),
    `<dt>Findings</dt><dd>${e(findingCounts(summary.findingsBySeverity) || 'none')}</dd>`,
    '</dl>',
    '<h2>Timeline</h2>',
    `<p class="muted">${report.timeline.length} events, by the sources' clocks (UTC).</p>`,
    '<table>',
    '<thead><tr><th>#</th><th>Time (UTC)</th><th>Since start</th><th>Stream</th><th>Event</th></tr></thead>',
    '<tbody>',
  );
  for (const step of report.timeline) {
    parts.push(
      `<tr id="step-${step.step}"><td class="num">${step.step}</td><td class="time">${e(formatInstant(step.occurredAt))}</td>` +
        `<td class="num">${e(formatOffset(step.offsetMs))}</td><td>${code(step.streamName)}</td><td>${e(step.description)}</td></tr>`,
    );
    for (const finding of step.findings) {
      const full = report.findings.find((candidate) => candidate.code === finding.code && candidate.subject === finding.subject);
      parts.push(
        `<tr class="finding"><td></td><td></td><td></td><td></td><td>${badge(finding.severity, full?.kind ?? 'failure')} ${code(finding.code)} ${e(finding.sentence)}</td></tr>`,
      );
    }
  }
  parts.push('</tbody>', '</table>', '<h2>Findings</h2>');
  if (report.findings.length === 0) parts.push('<p>The rulebook found nothing in this journey.</p>');
  for (const finding of report.findings) {
    parts.push(
      '<div class="finding-card">',
      `<h3>${badge(finding.severity, finding.kind)} ${code(finding.code)}</h3>`,
      `<p>${e(finding.sentence)}</p>`,
      `<p class="muted">Became true ${finding.step === null ? '' : `at <a href="#step-${finding.step}">step ${finding.step}</a>, `}${e(formatInstant(finding.at))} UTC.</p>`,
      ...finding.verdicts.map(
        (verdict) => `<p>Review ${code(verdict.reviewId)}: <strong>${e(verdict.verdict)}</strong> by ${e(verdict.by)}: ${e(verdict.reason)}</p>`,
      ),
      '<p>Evidence:</p>',
      '<ul>',
      ...finding.evidence.map((event) =>
        event.step === null
          ? `<li>event ${code(event.eventId)} (not in the timeline)</li>`
          : `<li><a href="#step-${event.step}">step ${event.step}</a>, ${e(formatInstant(event.occurredAt))}, ${code(event.streamName ?? '')}: ${e(event.description ?? '')}</li>`,
      ),
      '</ul>',
      '</div>',
    );
  }
  parts.push('<h2>Reviews</h2>');
  if (report.reviews.length === 0) parts.push('<p>No review has been opened for this journey yet.</p>');
  for (const review of report.reviews) {
    parts.push(
      `<h3>Review ${code(review.id)}${review.title ? `: ${e(review.title)}` : ''} (${e(review.status)})</h3>`,
      '<ul>',
      `<li><strong>Opened</strong> by ${e(review.openedBy)} at ${e(formatInstant(review.openedAt))} UTC</li>`,
      review.closedAt
        ? `<li><strong>Closed</strong> by ${e(review.closedBy ?? 'unknown')} at ${e(formatInstant(review.closedAt))} UTC: ${e(review.summary ?? '')}</li>`
        : '',
      `<li><strong>Root cause:</strong> ${review.rootCause ? `${e(review.rootCause)} (${e(review.rootCauseBy ?? 'unknown')})` : 'not recorded yet'}</li>`,
      '</ul>',
    );
    if (review.findings.length) {
      parts.push('<table>', '<thead><tr><th>Finding</th><th>Verdict</th><th>Reason</th><th>By</th></tr></thead>', '<tbody>');
      for (const verdict of review.findings) {
        const subject = verdict.findingSubject ? ` (${e(verdict.findingSubject)})` : '';
        parts.push(`<tr><td>${code(verdict.findingCode)}${subject}</td><td>${e(verdict.verdict)}</td><td>${e(verdict.reason)}</td><td>${e(verdict.by)}</td></tr>`);
      }
      parts.push('</tbody>', '</table>');
    } else {
      parts.push('<p>No finding judged yet.</p>');
    }
    parts.push('<p>Action items:</p>', '<ul>');
    if (review.actionItems.length === 0) parts.push('<li>none</li>');
    for (const item of review.actionItems) {
      const done = item.completedAt ? `done ${e(formatInstant(item.completedAt))} by ${e(item.completedBy ?? 'unknown')}` : 'open';
      parts.push(`<li>${item.completedAt ? '☑' : '☐'} ${code(item.actionItemId)} ${e(item.description)}: ${e(item.owner)}, due ${e(formatInstant(item.dueBy))} (${done})</li>`);
    }
    parts.push('</ul>');
  }
  if (report.notes.length) {
    parts.push('<h2>Data-quality notes</h2>', '<ul>', ...report.notes.map((note) => `<li>${code(note.code)}: ${e(note.message)}</li>`), '</ul>');
  }
  parts.push('</body>', '</html>');
  return `${parts.filter((part) => part !== '').join('\n')}\n`;
}

export function renderReport(report: PostMortem, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'html' ? renderHtml(report) : renderMarkdown(report);
}

// ---------------------------------------------------------------------------------------------
// The command

/** Prints an API error the way every API command does; returns the exit code. */
export function reportApiError(context: CommandContext, commandName: string, error: unknown): number {
  if (error instanceof ApiUnavailableError || error instanceof GraphQLRequestError || error instanceof JourneyNotFoundError) {
    context.stderr.write(`cli ${commandName}: ${error.message}\n`);
    return EXIT.failed;
  }
  if (context.signal.aborted) {
    context.stderr.write(`cli ${commandName}: stopped\n`);
    return EXIT.interrupted;
  }
  throw error;
}

export const reportCommand: Command = {
  path: ['report'],
  summary: "Write a journey's post-mortem (summary, timeline, findings with evidence, reviews) as md, html or json",
  help: `Usage: npm run cli -- report <journeyId> [--format md|html|json] [--out <file>] [--url <url>] [--api-key <key>]

Reads the journey from the running API (GraphQL only) and writes its post-mortem: the summary
(customer, streams, outcome, key metrics), the timeline with each finding at the step where it became
true, the findings with the events that prove them, and the journey's reviews (verdicts, root cause,
action items). Markdown and HTML are renderings of the same data as the JSON; the HTML page is
self-contained (inline style, no scripts).

<journeyId> is a journey's id or any of its streams (case-T-1, contact-C-2).

Options:
  --format <f>  md (default), html or json
  --out <file>  Write to this file instead of stdout
${URL_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { format: { type: 'string', default: 'md' }, out: { type: 'string' }, url: { type: 'string' }, 'api-key': { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
    const [journeyId, ...extra] = positionals;
    if (!journeyId) throw new UsageError('which journey? Give its id or one of its streams, e.g. case-T-1');
    if (extra.length) throw new UsageError(`one journey at a time, got also "${extra.join(' ')}"`);
    const format = values.format as string;
    if (!(reportFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be md, html or json, got "${format}"`);
    const client = graphqlClient(apiUrl(values.url, context.env), context.signal, apiCredential(values['api-key'], context.env));
    let text: string;
    try {
      text = renderReport(await fetchPostMortem(client, journeyId), format as ReportFormat);
    } catch (error) {
      return reportApiError(context, 'report', error);
    }
    if (values.out) {
      try {
        writeFileSync(values.out, text);
      } catch (error) {
        context.stderr.write(`cli report: cannot write ${values.out}: ${errorMessage(error)}\n`);
        return EXIT.failed;
      }
      context.stderr.write(`Wrote the ${format} post-mortem of ${journeyId} to ${values.out}\n`);
    } else {
      context.stdout.write(text);
    }
    return EXIT.ok;
  },
};
