/**
 * The journey viewer in a real browser: the API records the vendor-ticket story, headless Chromium
 * (Debian's `chromium`, driven by playwright-core) opens /viewer/case-T-1 and the test reads what the
 * page shows. A screenshot goes to test-artifacts/viewer-case-T-1.png.
 *
 * Without Chromium (a laptop with only Node) the suite is skipped and says why.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { stories } from '@hindsight/domain';
import { projected, startApi, type RunningApi } from '../support/api';
import { factInput, recordEventsMutation, type RecordEventsBody } from '../support/facts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifactsDir = join(__dirname, '..', '..', 'test-artifacts');
const vendorTicket = stories.find((story) => story.id === 'vendor-ticket')!;

const laneIds = (page: Page, kind: string) =>
  page.$$eval(`#chart [data-lane="${kind}"]`, (lanes) => lanes.map((lane) => lane.getAttribute('data-id')));

const skipReason = existsSync(chromiumPath) ? null : `SKIPPED: Chromium not found at ${chromiumPath}`;
if (skipReason) process.stderr.write(`test/viewer: ${skipReason} (install Debian's chromium or set CHROMIUM_PATH)\n`);
const describeWithChromium = skipReason
  ? (name: string, fn: () => void) => describe.skip(`${name} ${skipReason}`, fn)
  : describe;

describeWithChromium('the journey viewer', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    api = await startApi();
    const recorded = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: vendorTicket.facts.map(factInput) });
    expect(recorded.data?.recordEvents.rejected).toBe(0);
    await projected(api);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('draws the vendor ticket: four contact lanes, the hold without consent, the broken promise, the findings', async () => {
    const response = await page.goto(`${await api.app.getUrl()}/viewer/case-T-1#key=${encodeURIComponent(api.adminKey)}`);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    await page.waitForSelector('body[data-state="ready"]');
    // The key left the address bar; it stays in the tab's session storage for the pages after this one.
    expect(page.url()).toBe(`${await api.app.getUrl()}/viewer/case-T-1`);

    expect(await laneIds(page, 'contact')).toEqual(['C-1', 'C-2', 'C-3', 'C-4']);
    expect(await page.textContent('#journey-id')).toBe('case-T-1');

    const holds = await page.$$eval('#chart [data-kind="hold"]', (bars) => bars.map((bar) => bar.getAttribute('data-consent')));
    expect(holds).toEqual(['no']);
    expect(await page.textContent('#chart [data-lane="contact"][data-id="C-1"]')).toContain('NO CONSENT');

    const promise = await page.$$eval('#chart [data-kind="promise-due"]', (marks) => marks.map((mark) => mark.getAttribute('data-status')));
    expect(promise).toEqual(['broken']);
    expect(await page.textContent('#chart [data-lane="promise"]')).toContain('kept 11 h late');

    const dropped = await page.textContent('#findings-list li[data-code="DROPPED_ON_HOLD"]');
    expect(dropped).toContain('The customer was on hold for 21 min 30 s without being asked, then hung up');
    expect(await page.$$eval('#chart .pin', (pins) => pins.map((pin) => pin.getAttribute('data-code')))).toEqual(
      expect.arrayContaining(['DROPPED_ON_HOLD', 'BROKEN_PROMISE', 'CUSTOMER_LOST']),
    );
    // The finding's sentence is also the pin's tooltip.
    expect(await page.textContent('#chart .pin[data-code="DROPPED_ON_HOLD"] title')).toContain('then hung up');

    expect(await page.textContent('#metrics')).toContain('hung up on hold');
    expect(await page.textContent('#outcome')).toBe('customer lost');

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'viewer-case-T-1.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('steps through the replay: at step 2 one contact, then more as the story goes on', async () => {
    await page.click('#step-first');
    await page.waitForSelector('#step-info[data-step="1"]');
    expect(await laneIds(page, 'contact')).toEqual([]);
    expect(await laneIds(page, 'case')).toEqual(['T-1']);
    expect(await page.textContent('#step-info')).toContain('case-T-1');

    await page.click('#step-next');
    await page.waitForSelector('#step-info[data-step="2"]');
    expect(await laneIds(page, 'contact')).toEqual(['C-1']);
    expect(await page.$$('#chart [data-kind="promise-due"]')).toHaveLength(0);

    // At the hang-up on hold (step 8) the hold is over and the customer gone; nothing was promised yet.
    await page.locator('#step-slider').fill('8');
    await page.waitForSelector('#step-info[data-step="8"]');
    expect(await laneIds(page, 'contact')).toEqual(['C-1']);
    expect(await page.$$('#findings-list li[data-code="DROPPED_ON_HOLD"]')).toHaveLength(1);
    expect(await page.$$('#findings-list li[data-code="BROKEN_PROMISE"]')).toHaveLength(0);

    // When the callback was promised it was still open.
    const promisedAt = vendorTicket.facts.findIndex((fact) => fact.type === 'CallbackPromised') + 1;
    await page.locator('#step-slider').fill(String(promisedAt));
    await page.waitForSelector(`#step-info[data-step="${promisedAt}"]`);
    expect(await laneIds(page, 'contact')).toEqual(['C-1', 'C-2', 'C-3']);
    expect(
      await page.$$eval('#chart [data-kind="promise-due"]', (marks) => marks.map((mark) => mark.getAttribute('data-status'))),
    ).toEqual(['pending']);
    await page.screenshot({ path: join(artifactsDir, `viewer-case-T-1-step-${promisedAt}.png`), fullPage: true });

    await page.click('#step-all');
    await page.waitForSelector('#chart [data-lane="contact"][data-id="C-4"]');
    expect(pageErrors).toEqual([]);
  });

  it('replays on the recorded clock too', async () => {
    await page.check('input[name="clock"][value="RECORDED"]');
    await page.click('#step-first');
    await page.waitForSelector('#step-info[data-step="1"]');
    expect(await page.textContent('#step-info')).toContain('known at');
    await page.click('#step-all');
    expect(await laneIds(page, 'contact')).toEqual(['C-1', 'C-2', 'C-3', 'C-4']);
    expect(pageErrors).toEqual([]);
  });

  it('shows markup in the data as text', async () => {
    const markup = '<img src=x onerror="document.body.dataset.pwned=1"><b>bold</b>';
    const agentId = '<b>agent-x</b>'; // ids may not hold spaces
    const recorded = await api.graphql<RecordEventsBody>(recordEventsMutation, {
      facts: [
        { stream: 'contact-X-1', occurredAt: '2026-04-01T09:00:00Z', event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound' } } },
        { stream: 'contact-X-1', occurredAt: '2026-04-01T09:01:00Z', event: { contactAnswered: { agentId } } },
        { stream: 'contact-X-1', occurredAt: '2026-04-01T09:02:00Z', event: { holdStarted: { reason: markup, customerConsent: 'yes' } } },
        { stream: 'contact-X-1', occurredAt: '2026-04-01T09:03:00Z', event: { contactDisconnected: { by: 'customer', reason: markup } } },
      ].map((fact, index) => ({ source: 'viewer-test', sourceEventId: `x-${index}`, ...fact })),
    });
    expect(recorded.data?.recordEvents.results.map((result) => result.error)).toEqual([null, null, null, null]);
    await projected(api);

    await page.goto(`${await api.app.getUrl()}/viewer/contact-X-1`);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.$$('#chart img, #chart b, main img')).toHaveLength(0);
    expect(await page.textContent('#chart [data-kind="hold"] title')).toContain(markup);
    expect(await page.textContent('#chart')).toContain(agentId);
    expect(await page.textContent('#chart')).toContain('<b>bold</b>');
    expect(await page.getAttribute('body', 'data-pwned')).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  describe('without a key in the address', () => {
    const createKey = async (role: string) => {
      const { data } = await api.graphql<{ createApiKey: { secret: string } }>('mutation ($role: Role!) { createApiKey(name: "viewer", role: $role) { secret } }', { role });
      return data!.createApiKey.secret;
    };

    it('asks for a key, and opens the journey with a quality key', async () => {
      const fresh = await browser.newPage();
      await fresh.goto(`${await api.app.getUrl()}/viewer/case-T-1`);
      await fresh.waitForSelector('body[data-state="sign-in"]');

      await fresh.fill('#api-key', await createKey('QUALITY'));
      await fresh.click('#api-key-use');

      await fresh.waitForSelector('body[data-state="ready"]');
      expect(await laneIds(fresh, 'contact')).toEqual(['C-1', 'C-2', 'C-3', 'C-4']);
      expect(await fresh.isHidden('#sign-in')).toBe(true);
      await fresh.close();
    });

    it('asks again when the API refuses the key, saying why', async () => {
      const fresh = await browser.newPage();
      await fresh.goto(`${await api.app.getUrl()}/viewer/case-T-1#key=hsk_0123456789abcdef_${'A'.repeat(43)}`);

      await fresh.waitForSelector('body[data-state="sign-in"]');
      expect(await fresh.textContent('#sign-in-error')).toContain('The API key is unknown or has been revoked');
      expect(await fresh.evaluate('sessionStorage.length')).toBe(0);
      await fresh.close();
    });

    it('says what a key without the quality role may not do', async () => {
      const fresh = await browser.newPage();
      await fresh.goto(`${await api.app.getUrl()}/viewer/case-T-1#key=${await createKey('INTEGRATION')}`);

      await fresh.waitForSelector('body[data-state="error"]');
      expect(await fresh.textContent('#error')).toContain('it needs the quality or admin role');
      await fresh.close();
    });
  });

  it('serves only its own assets, under a strict content security policy', async () => {
    const base = await api.app.getUrl();
    const unknown = await fetch(`${base}/viewer/assets/..%2Fviewer.controller.ts`);
    expect(unknown.status).toBe(404);
    const script = await fetch(`${base}/viewer/assets/viewer.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const html = await fetch(`${base}/viewer/case-T-1`);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
