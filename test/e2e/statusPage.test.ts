import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { setLogWriter } from '../../src/log/logger';
import { startSimulatedBank, type SimulatedBank } from '../../src/sim/simulatedBank';
import { STATUS_SERVER_LIMITS } from '../../src/status/statusServer';
import type { StatusSnapshot } from '../../src/status/statusSnapshot';
import { eventually } from '../helpers/busClient';
import { freePort } from '../helpers/freePort';
import { exited, spawnCli } from '../helpers/processes';
import { browserMissing, launchBrowser, screenshotPath } from './browser';

/**
 * The status page in headless Chromium, served by the daemon (a child process, as on a GX) on a private bus
 * with three simulated packs. History buckets of 1 s (BATTERY_AGGREGATOR_HISTORY_BUCKET) so the plots fill
 * within seconds. The page may talk to its own origin only: anything else is aborted and fails the suite.
 */

const NAMES = ['Sim Battery 1', 'Sim Battery 2', 'Sim Battery 3'];
const SIM2 = 'com.victronenergy.battery.sim2';
const WAIT_MS = 20_000;
const SCREENSHOTS = 'status-page';

const skip = browserMissing();
if (skip) console.log(`# skipping the status page browser tests: ${skip}`);

describe('status page in a browser, served by the daemon on a private bus', { skip: skip ?? false }, () => {
  let bus: PrivateBus;
  let bank: SimulatedBank;
  let daemon: ReturnType<typeof spawnCli>;
  let startDaemon: () => ReturnType<typeof spawnCli>;
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;
  let origin: string;
  let restoreLog: (line: string) => void;
  /** What the page did that it must not: requests elsewhere, console errors, page errors, CSP violations. */
  const offences: string[] = [];

  const snapshot = async (): Promise<StatusSnapshot> => (await (await fetch(`${origin}/status.json`)).json()) as StatusSnapshot;

  before(async () => {
    restoreLog = setLogWriter(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-status-page-'));
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ statusPage: { listen: `127.0.0.1:${port}` } }));
    bus = await startPrivateBus();
    bank = await startSimulatedBank({ address: bus.address, count: 3, capacityAh: [100, 200, 280], intervalMs: 250, seed: 7 });
    startDaemon = () => spawnCli([config, '--bus', bus.address], { BATTERY_AGGREGATOR_HISTORY_BUCKET: '1' });
    daemon = startDaemon();
    await eventually(async () => ((await snapshot()).batteries.filter((b) => b.role === 'aggregated').length === 3 ? true : undefined), WAIT_MS, `the page's daemon with 3 aggregated packs: ${daemon.errors()}`);
    browser = await launchBrowser();
    context = await browser.newContext();
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      offences.push(`request to ${url}`);
      return route.abort();
    });
    // a CSP violation is also a console error, but this names the directive and what was blocked
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
    });
  });

  after(async () => {
    await browser?.close();
    daemon?.kill('SIGTERM');
    if (daemon) assert.equal(await exited(daemon, 10000), 0, daemon.errors());
    await bank?.stop();
    await bus?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    setLogWriter(restoreLog);
  });

  async function openPage(width: number, into: string[] = offences): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') into.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (err) => into.push(`page error: ${err.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`)) into.push(`request to ${request.url()}`);
    });
    await page.goto(`${origin}/`);
    return page;
  }

  /** Battery cards by service: name, role and readings as shown. */
  const cards = (page: Page) =>
    page.$$eval('#batteries .battery', (nodes) =>
      nodes.map((node) => ({ service: (node as HTMLElement).dataset.service ?? '', name: node.querySelector('h3')?.textContent ?? '', role: node.querySelector('.role')?.textContent ?? '', text: node.textContent ?? '' })),
    );
  const bankText = async (page: Page) => (await page.textContent('#bank-readings')) ?? '';
  const points = (page: Page) => page.$$eval('#plots .plot', (nodes) => nodes.map((node) => ({ id: node.id, points: Number((node as HTMLElement).dataset.points), values: Number((node as HTMLElement).dataset.values) })));

  /** A plot's legend: label -> value shown. */
  const legend = async (page: Page, plot: string) =>
    new Map(
      await page.$$eval(`#${plot} .u-legend .u-series`, (rows) => rows.map((row): [string, string] => [row.querySelector('.u-label')?.textContent ?? '', row.querySelector('.u-value')?.textContent ?? ''])),
    );

  /** Elements whose text lies outside the viewport or runs out of its box (none on a readable page). */
  const textOutOfBox = (page: Page) =>
    page.evaluate(() => {
      const found: string[] = [];
      for (const node of document.querySelectorAll<HTMLElement>('body *')) {
        const hasText = [...node.childNodes].some((child) => child.nodeType === Node.TEXT_NODE && (child.textContent ?? '').trim() !== '');
        if (!hasText) continue;
        const box = node.getBoundingClientRect();
        if (box.width === 0) continue;
        if (box.left < 0 || box.right > window.innerWidth + 0.5) found.push(`${node.tagName}.${node.className} "${node.textContent}" at ${box.left}..${box.right}`);
        else if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).display !== 'inline') found.push(`${node.tagName}.${node.className} "${node.textContent}" ${node.scrollWidth} > ${node.clientWidth}`);
      }
      return found;
    });

  test('lists every battery by name with its role, and the bank\'s values, which update live', async () => {
    const page = await openPage(1280);
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    const shown = await eventually(async () => {
      const now = await cards(page);
      return now.length === 3 ? now : undefined;
    }, WAIT_MS, 'three battery cards');
    assert.deepEqual(shown.map((c) => c.name), NAMES);
    assert.deepEqual(shown.map((c) => c.role), ['aggregated', 'aggregated', 'aggregated']);
    for (const card of shown) assert.match(card.text, /Voltage\d+\.\d\d\u00a0V/, `${card.name} shows its voltage`);
    assert.equal(await page.textContent('#service'), 'com.victronenergy.battery.aggregator');
    assert.equal(await page.textContent('#batteries-title'), 'Batteries (3)');

    const first = await bankText(page);
    assert.match(first, /Voltage\d+\.\d\d\u00a0V/);
    assert.match(first, /SoC\d+\.\d\u00a0%/);
    const limits = await page.$$eval('#bank-limits tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(limits.map((row) => row[0]), ['CCL', 'DCL', 'CVL']);
    for (const row of limits) {
      assert.match(row[1] ?? '', /^\d+\.\d+\u00a0[AV]$/, `${row[0]} has a value`);
      assert.ok((row[2] ?? '').length > 0, `${row[0]} has a reason`);
    }
    await eventually(async () => ((await bankText(page)) !== first ? true : undefined), WAIT_MS, 'the bank readings to change');
    assert.match((await page.textContent('#connection')) ?? '', /^live/);
    assert.equal(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'updated without a reload');
    await page.close();
  });

  test('a pack whose service leaves the bus is shown gone, and back when it returns, without a reload', async () => {
    const page = await openPage(1280);
    await eventually(async () => ((await cards(page)).length === 3 ? true : undefined), WAIT_MS, 'three battery cards');
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));

    await bank.dropBattery(1);
    const gone = await eventually(async () => {
      const now = await cards(page);
      const sim2 = now.find((c) => c.service === SIM2);
      return sim2 === undefined || /off the bus/.test(sim2.role) ? now : undefined;
    }, WAIT_MS, 'sim2 shown gone');
    assert.deepEqual(gone.filter((c) => c.service !== SIM2).map((c) => c.name), [NAMES[0], NAMES[2]]);
    assert.equal(await page.textContent('#batteries-title'), `Batteries (${gone.length})`);
    // the battery plot's legend: no value for sim2 now (not its last one), once the plots have refreshed
    await eventually(async () => ((await legend(page, 'plot-batteries')).get('sim2') === '–' ? true : undefined), WAIT_MS, 'sim2 without a latest value in the legend');
    await page.screenshot({ path: screenshotPath('status-1280px-sim2-gone.png', SCREENSHOTS), fullPage: true });

    await bank.restoreBattery(1);
    const back = await eventually(async () => {
      const now = await cards(page);
      return now.length === 3 && now.every((c) => c.role === 'aggregated') ? now : undefined;
    }, WAIT_MS, 'sim2 back and aggregated');
    assert.deepEqual(back.map((c) => c.name), NAMES);
    assert.equal(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'updated without a reload');
    await page.close();
  });

  test('every plot has points, and each battery has its own series', async () => {
    const page = await openPage(1280);
    const plots = await eventually(async () => {
      const now = await points(page);
      return now.length === 5 && now.every((p) => p.points >= 5 && p.values > 0) ? now : undefined;
    }, WAIT_MS, 'five plots with points');
    assert.deepEqual(plots.map((p) => p.id), ['plot-voltage', 'plot-current', 'plot-soc', 'plot-limits', 'plot-batteries']);
    // away from the cursor the legend shows the latest values, not uPlot's `--`
    const batteries = await legend(page, 'plot-batteries');
    assert.deepEqual([...batteries.keys()], ['Time', 'sim1', 'sim2', 'sim3']);
    for (const name of ['sim1', 'sim2', 'sim3']) assert.match(batteries.get(name)!, /^-?\d+\.\d\u00a0A$/, `${name}'s latest current`);
    const voltage = await legend(page, 'plot-voltage');
    assert.equal(voltage.get('Time'), 'latest');
    assert.match(voltage.get('Voltage') ?? '', /^\d+\.\d\d\u00a0V$/);
    const canvases = await page.$$eval('#plots canvas', (nodes) => nodes.map((node) => (node as HTMLCanvasElement).width));
    assert.equal(canvases.length, 5);
    for (const width of canvases) assert.ok(width > 0);
    assert.deepEqual(await textOutOfBox(page), []);
    await page.screenshot({ path: screenshotPath('status-1280px.png', SCREENSHOTS), fullPage: true });

    // the plots follow the window: narrowed to a phone's width, nothing scrolls sideways
    await page.setViewportSize({ width: 375, height: 900 });
    await eventually(async () => ((await page.evaluate(() => document.scrollingElement!.scrollWidth)) <= 375 ? true : undefined), WAIT_MS, 'the plots resized to 375 px');
    await page.close();
  });

  test('readable at 375 px: no sideways scrolling, no text running out of its box', async () => {
    const page = await openPage(375);
    await eventually(async () => {
      const now = await points(page);
      return (await cards(page)).length === 3 && now.length === 5 && now.every((p) => p.points >= 5) ? true : undefined;
    }, WAIT_MS, 'the page filled');
    const scroll = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(scroll <= 375, `scrollWidth ${scroll} at 375 px`);
    assert.deepEqual(await textOutOfBox(page), []);
    await page.screenshot({ path: screenshotPath('status-375px.png', SCREENSHOTS), fullPage: true });
    await page.screenshot({ path: screenshotPath('status-375px-top.png', SCREENSHOTS) });
    await page.evaluate(() => document.getElementById('plots')!.scrollIntoView());
    await page.screenshot({ path: screenshotPath('status-375px-plots.png', SCREENSHOTS) });
    await page.close();
  });

  test('a page turned away (every live slot taken: 503) says so, and goes live by itself once a slot is free', async () => {
    // take every live slot, once the pages of the tests before have let theirs go: the 9th is answered 503
    const held: AbortController[] = [];
    const release = () => held.splice(0).forEach((abort) => abort.abort());
    await eventually(async () => {
      release();
      for (;;) {
        const abort = new AbortController();
        const response = await fetch(`${origin}/events`, { signal: abort.signal });
        if (response.status === 503) {
          await response.body?.cancel();
          return held.length === STATUS_SERVER_LIMITS.maxClients ? true : undefined;
        }
        assert.equal(response.status, 200);
        held.push(abort);
        assert.ok(held.length <= STATUS_SERVER_LIMITS.maxClients, 'the number of live clients is bounded');
      }
    }, WAIT_MS, `all ${STATUS_SERVER_LIMITS.maxClients} live slots taken by the test`);
    const errors: string[] = [];
    const page = await openPage(1280, errors);
    try {
      await eventually(async () => ((await page.textContent('#connection')) === 'connection lost, retrying…' ? true : undefined), WAIT_MS, 'the page saying it is not live');
      release();
      await eventually(async () => (/^live/.test((await page.textContent('#connection')) ?? '') ? true : undefined), WAIT_MS, 'the page live again');
      assert.equal((await cards(page)).length, 3);
      // the browser logs the refused stream; nothing else
      for (const error of errors) assert.match(error, /503/, error);
    } finally {
      release();
      await page.close();
    }
  });

  test('the daemon restarting: the page says it lost the connection, then goes live again by itself, plots refilled', async () => {
    const errors: string[] = [];
    const page = await openPage(1280, errors);
    try {
      await eventually(async () => ((await cards(page)).length === 3 ? true : undefined), WAIT_MS, 'three battery cards');
      await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
      // the old daemon's history (1 s buckets since the suite began): the new one starts with fewer points
      const before = await eventually(async () => {
        const voltage = (await points(page)).find((p) => p.id === 'plot-voltage');
        return voltage !== undefined && voltage.points > 3 ? voltage.points : undefined;
      }, WAIT_MS, 'the plots drawn');
      daemon.kill('SIGTERM');
      assert.equal(await exited(daemon, 10000), 0, daemon.errors());
      await eventually(async () => ((await page.textContent('#connection')) === 'connection lost, retrying…' ? true : undefined), WAIT_MS, 'the page saying it is not live');
      daemon = startDaemon();
      await eventually(async () => (/^live/.test((await page.textContent('#connection')) ?? '') && (await cards(page)).filter((c) => c.role === 'aggregated').length === 3 ? true : undefined), WAIT_MS, 'the page live again with 3 aggregated packs');
      await eventually(async () => {
        const now = await points(page);
        return now.every((p) => p.points > 0 && p.values > 0) && now.find((p) => p.id === 'plot-voltage')!.points < before ? true : undefined;
      }, WAIT_MS, `the plots redrawn from the new daemon's history (fewer than ${before} points)`);
      assert.equal(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce), true, 'no reload');
      // the browser logs the refused connections while the daemon was away; nothing else
      for (const error of errors) assert.match(error, /ERR_CONNECTION_REFUSED|Failed to load resource/, error);
    } finally {
      await page.close();
    }
  });

  test('no request left the page; no console error, page error or CSP violation in any of the above', () => {
    assert.deepEqual(offences, []);
  });
});
