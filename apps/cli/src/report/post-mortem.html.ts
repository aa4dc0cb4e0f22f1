/**
 * The post-mortem as one self-contained HTML page: an inline style sheet, no scripts, nothing fetched,
 * and every piece of data escaped, so the page can be mailed or attached and opened anywhere.
 */
import { formatDuration } from '@hindsight/domain';
import { formatInstant, formatOffset } from '../api-output';
import { findingCounts, type PostMortem } from './post-mortem';

function escapeHtml(text: string): string {
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
