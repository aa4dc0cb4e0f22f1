/**
 * `cli report <journeyId> --format md|html|json [--out file]`: a journey's post-mortem document, read
 * from the API's public GraphQL API (post-mortem.ts) and written as JSON, Markdown or HTML.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { reportApiError } from '../api-output';
import { EXIT, UsageError, errorMessage, type Command } from '../command';
import { URL_HELP, apiCredential, apiUrl, graphqlClient } from '../graphql-client';
import { renderHtml } from './post-mortem.html';
import { renderMarkdown } from './post-mortem.markdown';
import { fetchPostMortem, type PostMortem } from './post-mortem';

export const reportFormats = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export function renderReport(report: PostMortem, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'html' ? renderHtml(report) : renderMarkdown(report);
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
