/**
 * The quality team's commands end to end, in-process through the CLI's dispatcher, against the API
 * started on embedded defaults: `demo` loads the stories through recordEvents and prints their
 * post-mortems; `replay` prints the vendor ticket's timeline with the hang-up finding at the hang-up;
 * `report` writes the same post-mortem as JSON, Markdown and HTML, with data escaped; and an API that
 * is not there is reported as such.
 */
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stories } from '@hindsight/domain';
import type { PostMortem } from '../../apps/cli/src/report/post-mortem';
import { startApi, type RunningApi } from '../support/api';
import { runCliCapturing, type CliRun } from '../support/cli';

const [ticketThatNobodyOwned] = stories;
const HANG_UP = 'The customer was on hold for 21 min 30 s without being asked, then hung up.';
const ANSI = new RegExp(String.raw`\u001b\[`);

/** The key the commands send unless a test gives its own environment: the API's admin key. */
let apiKey: string | undefined;

function cli(argv: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return runCliCapturing(argv, { env: options.env ?? { HINDSIGHT_API_KEY: apiKey }, stdoutTTY: options.tty });
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every `<` of an HTML report opens or closes one of the report's own elements, or the doctype. */
const OWN_TAGS = /^<(!DOCTYPE html>|\/?(html|head|meta|title|style|body|h1|h2|h3|dl|dt|dd|p|table|thead|tbody|tr|th|td|ul|li|code|span|strong|a|div)[\s>])/;

describe('cli replay, report and demo against the API', () => {
  let api: RunningApi;
  let url: string;
  let outDir: string;
  let demo: CliRun;

  beforeAll(async () => {
    api = await startApi();
    apiKey = api.adminKey;
    url = `${await api.app.getUrl()}/graphql`;
    outDir = mkdtempSync(join(tmpdir(), 'hindsight-cli-'));
    demo = await cli(['demo', '--url', url, '--batch-size', '20']);
  });

  afterAll(async () => {
    await api?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('demo records the stories in batches, waits for the projector and prints each story’s post-mortem', async () => {
    expect(demo.stderr).not.toMatch(/rejected/);
    expect(demo.code).toBe(0);
    const facts = stories.reduce((sum, story) => sum + story.facts.length, 0);
    expect(demo.stderr).toContain(`Recording the stories: ${facts} of ${facts} facts`);
    expect(demo.stderr).toMatch(/Projecting: (.*done|the projector has caught up)/);
    for (const story of stories) expect(demo.stdout).toContain(`${story.title} (${story.id})`);
    expect(demo.stdout).toMatch(/^# Post-mortem: journey `callback-CB-1`$/m);
    expect(demo.stdout).toContain(HANG_UP);

    const again = await cli(['demo', '--url', url, '--compact']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`0 new, ${facts} already recorded`);
    expect(again.stdout).toContain(HANG_UP);
  });

  it('replay prints one line per event and the hang-up finding under the hang-up, without colour off a terminal', async () => {
    const { code, stdout, stderr } = await cli(['replay', 'case-T-1', '--url', url]);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(ANSI);
    const lines = stdout.split('\n');
    const eventLines = lines.filter((line) => /^\s*\d+ {2}\d\d:\d\d:\d\d {2}/.test(line));
    expect(eventLines).toHaveLength(ticketThatNobodyOwned.facts.length);
    const findingLine = lines.findIndex((line) => line.includes(HANG_UP));
    expect(findingLine).toBeGreaterThan(0);
    // The hang-up (C-1 disconnected at 10:29:30, 3 days 1 h 29 min 30 s after the case was opened) is
    // the last event line above it.
    const stepAbove = lines.slice(0, findingLine).reverse().find((line) => eventLines.includes(line))!;
    expect(stepAbove).toMatch(/^\s*8 {2}10:29:30 {2}\+3d 01:29:30 .*contact-C-1 /);
    expect(lines[findingLine]).toMatch(/⚑ high/);
    // Times and offsets line up: every event line has its offset column ending at the same place.
    const offsetEnds = new Set(eventLines.map((line) => line.search(/\+\S+( \S+)? {2}/) + line.match(/\+\S+( \S+)? {2}/)![0].length));
    expect(offsetEnds.size).toBe(1);
  });

  it('replay colours only a terminal, and not when NO_COLOR is set', async () => {
    const tty = await cli(['replay', 'case-T-1', '--url', url], { tty: true });
    const noColour = await cli(['replay', 'case-T-1', '--url', url], { tty: true, env: { NO_COLOR: '1', HINDSIGHT_API_KEY: apiKey } });
    const recorded = await cli(['replay', 'contact-C-1', '--url', url, '--clock', 'recorded']);

    expect(tty.stdout).toMatch(ANSI);
    expect(noColour.stdout).not.toMatch(ANSI);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain('recorded clock');
    expect(recorded.stdout).toContain(HANG_UP);
  });

  it('report --format json: the findings with their evidence, the whole timeline, the reviews', async () => {
    const { code, stdout } = await cli(['report', 'case-T-1', '--format', 'json', '--url', url]);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as PostMortem;
    expect(report.timeline).toHaveLength(ticketThatNobodyOwned.facts.length);
    expect(report.findings.map((finding) => finding.code).sort()).toEqual(
      ['BROKEN_PROMISE', 'CUSTOMER_LOST', 'DROPPED_ON_HOLD', 'DUPLICATE_TICKET', 'ENDED_BY_US', 'HOLD_WITHOUT_CONSENT', 'LONG_HOLD', 'REPEAT_CONTACTS', 'SILENCE'].sort(),
    );
    const hangUp = report.findings.find((finding) => finding.code === 'DROPPED_ON_HOLD')!;
    expect(hangUp).toMatchObject({ sentence: HANG_UP, severity: 'high', step: 8 });
    expect(hangUp.evidence.length).toBeGreaterThan(0);
    expect(hangUp.evidence.every((event) => event.step !== null && event.streamName === 'contact-C-1')).toBe(true);
    expect(report.timeline[7].findings.map((finding) => finding.code)).toContain('DROPPED_ON_HOLD');
    expect(report.summary).toMatchObject({ customerId: 'cust-northwind', outcome: 'customer_lost' });
    expect(report.summary.streams).toEqual(expect.arrayContaining(['case-T-1', 'contact-C-1', 'callback-CB-1']));
    expect(report.reviews).toEqual([]);
  });

  describe('with a review whose text looks like markup', () => {
    const title = '<script>alert("owned")</script> & <b>bold</b>';
    const rootCause = 'Nobody owned <vendor> tickets | see *T-1*';

    beforeAll(async () => {
      const { errors } = await api.graphql(
        `mutation($title: String!, $rootCause: String!) {
           openReview(reviewId: "R-CLI", data: { journeyId: "case-T-1", openedBy: "qa-lead-1", title: $title }) { revision }
           confirmFinding(reviewId: "R-CLI", data: { findingCode: "DROPPED_ON_HOLD", reason: "Heard it on the recording", by: "qa-lead-1" }) { revision }
           recordRootCause(reviewId: "R-CLI", data: { rootCause: $rootCause, by: "qa-lead-1" }) { revision }
           addActionItem(reviewId: "R-CLI", data: { actionItemId: "AI-1", description: "Ask before every hold", owner: "lead-support", dueBy: "2026-04-01T17:00:00Z" }) { revision }
         }`,
        { title, rootCause },
      );
      expect(errors).toBeUndefined();
      for (let attempt = 0; attempt < 200; attempt++) {
        const { data } = await api.graphql<{ reviews: { id: string }[] }>('{ reviews(journeyId: "case-T-1") { id } }');
        if (data?.reviews.length) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('The review was not projected within 10 s');
    });

    it('report --format md: every finding sentence, the review state, the data made inert', async () => {
      const out = join(outDir, 'case-T-1.md');
      const { code, stderr } = await cli(['report', 'case-T-1', '--format', 'md', '--out', out, '--url', url]);
      const json = JSON.parse((await cli(['report', 'case-T-1', '--format', 'json', '--url', url])).stdout) as PostMortem;

      expect(code).toBe(0);
      expect(stderr).toContain(out);
      const md = readFileSync(out, 'utf8');
      for (const finding of json.findings) expect(md).toContain(finding.sentence);
      expect(md).toContain('## Reviews');
      expect(md).toContain('**confirmed** by qa-lead-1: Heard it on the recording');
      expect(md).toContain('- [ ] `AI-1` Ask before every hold: lead-support, due 2026-04-01 17:00:00 (open)');
      expect(md).not.toContain('<script>');
      expect(md).toContain('\\<script\\>');
      expect(md).toContain('Nobody owned \\<vendor\\> tickets \\| see \\*T-1\\*');
      expect(json.findings.find((finding) => finding.code === 'DROPPED_ON_HOLD')!.verdicts).toEqual([
        { reviewId: 'R-CLI', verdict: 'confirmed', reason: 'Heard it on the recording', by: 'qa-lead-1' },
      ]);
    });

    it('report --format html: self-contained, every finding sentence, no unescaped < from the data', async () => {
      const { code, stdout } = await cli(['report', 'case-T-1', '--format', 'html', '--url', url]);
      const json = JSON.parse((await cli(['report', 'case-T-1', '--format', 'json', '--url', url])).stdout) as PostMortem;

      expect(code).toBe(0);
      expect(stdout.startsWith('<!DOCTYPE html>')).toBe(true);
      const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
      for (const finding of json.findings) expect(stdout).toContain(escape(finding.sentence));
      expect(stdout).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
      expect(stdout).toContain('Nobody owned &lt;vendor&gt; tickets');
      const opened = stdout.split('<').slice(1).map((rest) => `<${rest}`);
      expect(opened.filter((tag) => !OWN_TAGS.test(tag))).toEqual([]);
      expect(stdout).not.toMatch(/<script|<link|<img|src=|@import|https?:\/\//i);
    });
  });

  it('reports for the quality team with a quality key given by --api-key', async () => {
    const { data } = await api.graphql<{ createApiKey: { secret: string } }>('mutation { createApiKey(name: "qa", role: QUALITY) { secret } }');

    const { code, stdout } = await cli(['report', 'case-T-1', '--format', 'json', '--url', url, '--api-key', data!.createApiKey.secret], { env: {} });

    expect(code).toBe(0);
    expect((JSON.parse(stdout) as PostMortem).findings.length).toBeGreaterThan(0);
  });

  it('says which key to give when the API refuses the request', async () => {
    const without = await cli(['replay', 'case-T-1', '--url', url], { env: {} });
    const revoked = await cli(['replay', 'case-T-1', '--url', url], { env: { HINDSIGHT_API_KEY: `hsk_0123456789abcdef_${'A'.repeat(43)}` } });

    expect(without.code).toBe(1);
    expect(without.stderr).toContain('UNAUTHENTICATED');
    expect(without.stderr).toContain('Give an API key with HINDSIGHT_API_KEY');
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('it may have been revoked');
  });

  it('says so when the API is not there, and when the journey is not', async () => {
    const port = await closedPort();
    const down = await cli(['replay', 'case-T-1', '--url', `http://127.0.0.1:${port}/graphql`]);
    const missing = await cli(['report', 'case-NOPE', '--url', url]);
    const badFormat = await cli(['report', 'case-T-1', '--format', 'pdf', '--url', url]);

    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the Hindsight API at http:\/\/127\.0\.0\.1:\d+\/graphql \(ECONNREFUSED\)/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no journey has the id or stream "case-NOPE"');
    expect(badFormat.code).toBe(2);
  });
});
