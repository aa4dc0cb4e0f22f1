/**
 * `cli demo`: records the stories of libs/domain (`stories`) through the public `recordEvents` mutation,
 * in batches, waits until the projector has caught up (`health { projector { eventsBehind } }` is 0),
 * then prints each story's post-mortem: the Markdown report of every journey in it, or with
 * `--compact` a few lines per journey. Recording again is harmless: facts already stored are answered
 * DUPLICATE and counted once.
 */
import { parseArgs } from 'node:util';
import { formatDuration, stories, type Story } from '@hindsight/domain';
import { reportApiError } from './api-output';
import { EXIT, UsageError, wholeNumber, type Command, type CommandContext } from './command';
import { ApiUnavailableError, URL_HELP, apiCredential, apiUrl, graphqlClient, sleep, type GraphQLClient } from './graphql-client';
import { StageProgress } from './progress';
import { MAX_BATCH, recordFacts } from './record-facts';
import { fetchPostMortem, type PostMortem } from './report/post-mortem';
import { renderMarkdown } from './report/post-mortem.markdown';

const healthQuery = '{ health { projector { running eventsBehind } } }';

interface HealthAnswer {
  readonly health: { readonly projector: { readonly running: boolean; readonly eventsBehind: number } };
}

const DEFAULT_BATCH = 100;
const DEFAULT_WAIT_SECONDS = 60;

interface DemoOptions {
  readonly batchSize: number;
  readonly waitSeconds: number;
  readonly compact: boolean;
}

/** Records every story's facts in batches; resolves to how many were rejected. */
async function recordStories(client: GraphQLClient, context: CommandContext, batchSize: number): Promise<number> {
  const { rejected } = await recordFacts(client, context, stories.flatMap((story) => story.facts), { batchSize, label: 'Recording the stories' });
  for (const { fact, error } of rejected) context.stderr.write(`rejected ${fact.sourceEventId} (${fact.type} on ${fact.streamName}): ${error.code} ${error.message}\n`);
  return rejected.length;
}

/** Polls the API's health until the projector has applied everything; false on timeout or Ctrl-C. */
async function waitForProjector(client: GraphQLClient, context: CommandContext, waitSeconds: number): Promise<boolean> {
  const deadline = Date.now() + waitSeconds * 1000;
  const progress = new StageProgress(context.stderr, 'Projecting', 'events');
  let total = 0;
  for (;;) {
    const { projector } = (await client.request<HealthAnswer>(healthQuery)).health;
    total = Math.max(total, projector.eventsBehind);
    if (projector.running && projector.eventsBehind === 0) {
      if (total === 0) progress.message('Projecting: the projector has caught up');
      else progress.update(total, total, true);
      return true;
    }
    progress.update(total - projector.eventsBehind, total, false, projector.running ? '' : 'the projector is not running');
    if (Date.now() > deadline || context.signal.aborted) {
      progress.end();
      return false;
    }
    await sleep(100, context.signal);
  }
}

/** The distinct journeys a story's streams belong to, in the order the story first touches them. */
async function journeysOfStory(client: GraphQLClient, story: Story): Promise<string[]> {
  const streams = [...new Set(story.facts.map((fact) => fact.streamName as string))];
  const query = `query { ${streams.map((stream, index) => `j${index}: journey(id: ${JSON.stringify(stream)}) { id }`).join(' ')} }`;
  const answer = await client.request<Record<string, { id: string } | null>>(query);
  const ids = streams.map((_stream, index) => answer[`j${index}`]?.id).filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

/** A few lines a journey: what happened and what the rulebook found. */
export function renderCompact(report: PostMortem): string {
  const { summary } = report;
  const lines = [
    `Journey ${report.journeyId} · customer ${summary.customerId ?? 'unknown'} · ${report.timeline.length} events over ` +
      `${summary.spanMs === null ? '?' : formatDuration(summary.spanMs)} · outcome ${summary.outcome.replace(/_/g, ' ')}`,
    ...report.findings.map((finding) => `  ${(finding.kind === 'good_practice' ? '✓ good' : `⚑ ${finding.severity}`).padEnd(10)} ${finding.sentence}`),
  ];
  if (report.findings.length === 0) lines.push('  no findings');
  return `${lines.join('\n')}\n`;
}

async function runDemo(client: GraphQLClient, context: CommandContext, options: DemoOptions): Promise<number> {
  context.stderr.write(`Loading ${stories.length} stories into the API at ${client.url}\n`);
  const rejected = await recordStories(client, context, options.batchSize);
  if (context.signal.aborted) return EXIT.interrupted;
  if (rejected > 0) {
    context.stderr.write(`cli demo: the API rejected ${rejected} fact${rejected === 1 ? '' : 's'} (see above)\n`);
    return EXIT.failed;
  }
  if (!(await waitForProjector(client, context, options.waitSeconds))) {
    if (context.signal.aborted) return EXIT.interrupted;
    context.stderr.write(`cli demo: the projector did not catch up within ${options.waitSeconds} s; try "replay" or "report" later\n`);
    return EXIT.failed;
  }
  for (const story of stories) {
    const journeyIds = await journeysOfStory(client, story);
    const heading = `${story.title} (${story.id}): ${journeyIds.length} journey${journeyIds.length === 1 ? '' : 's'}`;
    context.stdout.write(options.compact ? `\n== ${heading}\n` : `\n# Story: ${heading}\n\n`);
    for (const journeyId of journeyIds) {
      const report = await fetchPostMortem(client, journeyId);
      context.stdout.write(options.compact ? renderCompact(report) : `${renderMarkdown(report)}\n`);
    }
  }
  const first = stories[0]?.facts[0]?.streamName ?? 'case-T-1';
  context.stderr.write(`\nNext: npm run cli -- replay ${first}   or   npm run cli -- report ${first} --format html --out post-mortem.html\n`);
  return EXIT.ok;
}

export const demoCommand: Command = {
  path: ['demo'],
  summary: "Load the stories through the API's recordEvents and print their post-mortems",
  help: `Usage: npm run cli -- demo [--compact] [--batch-size <n>] [--wait <seconds>] [--url <url>] [--api-key <key>]

Records the stories of libs/domain (the vendor ticket, the callbacks that never came) through the
running API's public recordEvents mutation, in batches, with progress on stderr; waits until the
projector has caught up (health { projector { eventsBehind } } is 0); then prints the post-mortem
of every journey in each story on stdout (Markdown, as "report --format md" writes it). Running it
again records nothing new: the facts are answered DUPLICATE.

Options:
  --compact           A few lines a journey (outcome and findings) instead of the full report
  --batch-size <n>    Facts per recordEvents call, 1 to ${MAX_BATCH} (default ${DEFAULT_BATCH})
  --wait <seconds>    How long to wait for the projector (default ${DEFAULT_WAIT_SECONDS})
${URL_HELP}`,
  async run(args, context) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        compact: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        wait: { type: 'string' },
        url: { type: 'string' },
        'api-key': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length) throw new UsageError(`demo takes no arguments, got "${positionals.join(' ')}"`);
    const batchSize = wholeNumber('--batch-size', values['batch-size'], DEFAULT_BATCH, 1, MAX_BATCH);
    const waitSeconds = wholeNumber('--wait', values.wait, DEFAULT_WAIT_SECONDS, 1, 3600);
    const client = graphqlClient(apiUrl(values.url, context.env), context.signal, apiCredential(values['api-key'], context.env));
    try {
      return await runDemo(client, context, { batchSize, waitSeconds, compact: values.compact ?? false });
    } catch (error) {
      if (error instanceof ApiUnavailableError && context.stderr.isTTY) context.stderr.write('\n');
      return reportApiError(context, 'demo', error);
    }
  },
};
