/**
 * The post-mortem as Markdown, for a ticket, a wiki page or the terminal. Data is made inert (`\<`,
 * `\*`, `\|` escaped; ids in code spans), so a title cannot become markup or break a table.
 */
import { formatDuration } from '@hindsight/domain';
import { formatInstant, formatOffset } from '../api-output';
import { findingCounts, type EvidenceEvent, type PostMortem } from './post-mortem';

/** Text from the data, made inert: no emphasis, links, raw HTML or table breaks; one line. */
function mdText(text: string): string {
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
    for (const event of finding.evidence) lines.push(`- ${evidenceLine(event)}`);
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

function evidenceLine(event: EvidenceEvent): string {
  if (event.step === null) return `event ${mdCode(event.eventId)} (not in the timeline)`;
  return `step ${event.step}, ${formatInstant(event.occurredAt)}, ${mdCode(event.streamName ?? '')}: ${mdText(event.description ?? '')}`;
}
