import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { validateConfig } from '../../src/config/validateConfig';
import { buildConfigPage } from '../../src/ui/buildPage';
import { exited, spawnCli } from '../helpers/processes';
import { browserMissing, launchBrowser, screenshotPath } from './browser';

/**
 * The config generator in headless Chromium, served by `battery-aggregator config-ui` as a user would run it.
 * The oracle for the examples is the original README's text; for problems, the project's validateConfig.
 */

const README_EXAMPLES = {
  exclude: { excludedServices: ['com.victronenergy.battery.ttyS1'] },
  primary: { primaryServices: { 'com.victronenergy.battery.ttyS5': ['/Soc'] } },
  virtual: {
    virtualBatteries: {
      'com.victronenergy.battery.virtual1': ['com.victronenergy.battery.ttyS6', 'com.victronenergy.battery.ttyUSB0'],
      'com.victronenergy.battery.virtual2': ['com.victronenergy.battery.ttyS7', 'com.victronenergy.battery.ttyUSB1'],
    },
  },
};

const MALFORMED = `{
  "excludedServices": ["com.victronenergy.battery.ttyS1", "ttyS2"],
  "primaryServices": {"com.victronenergy.battery.ttyS5": ["Soc"]},
  "capacity": -200,
  "cvlMode": "maximum",
  "ir": {"maxPercentageError": 0},
  "virtualBatteries": {"com.victronenergy.battery.virtual1": ["com.victronenergy.battery.ttyS6", "shunt"]},
  "logLevl": "DEBUG"
}`;

/** Every key, both selection shapes, a path the catalogue does not know, and a custom name. */
const FULL = {
  serviceName: 'com.victronenergy.battery.bank2',
  excludedServices: ['com.victronenergy.battery.ttyS1', 'name:Shunt'],
  primaryServices: { 'com.victronenergy.battery.ttyS5': ['/Soc', '/Info/Location'], 'com.victronenergy.battery.bms': [] },
  auxiliaryServices: ['com.victronenergy.battery.defaultMetadata'],
  capacity: 560,
  virtualBatteries: {
    'com.victronenergy.battery.virtual1': { 'com.victronenergy.battery.ttyS6': ['/Soc'], 'com.victronenergy.battery.ttyUSB0': [] },
    'com.victronenergy.battery.virtual2': ['com.victronenergy.battery.ttyS7', 'com.victronenergy.battery.ttyUSB1'],
  },
  currentRatioMethod: 'capacity',
  cclMode: 'battery',
  cvlMode: 'max_when_floating',
  logLevel: 'DEBUG',
  reconnectTimeout: 120,
  startupBatteryWait: 0,
  ir: { maxPercentageError: 0.05, minVoltageChange: 0.01 },
};

const skip = browserMissing();
if (skip) console.log(`# skipping the config generator browser tests: ${skip}`);

describe('config generator page', { skip: skip ?? false }, () => {
  let browser: Browser;
  let server: ReturnType<typeof spawnCli>;
  let url: string;

  before(async () => {
    await buildConfigPage();
    server = spawnCli(['config-ui', '--port', '0']);
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`config-ui did not start: ${server.errors()}`)), 15000);
      server.stdout!.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(server.output());
        if (match) {
          clearTimeout(timer);
          resolve(match[0]);
        }
      });
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    if (server) assert.equal(await exited(server), 0);
  });

  /** A fresh page; fails the test if the page loads anything but itself or logs an error. */
  async function openPage(width = 1280, context?: BrowserContext): Promise<Page> {
    const page = await (context ?? browser).newPage({ viewport: { width, height: 900 } });
    page.on('request', (request) => assert.equal(request.url().startsWith('blob:') ? url : request.url(), url, 'the page needs no network'));
    page.on('pageerror', (err) => assert.fail(`page error: ${err.message}`));
    await page.goto(url);
    return page;
  }

  const preview = async (page: Page): Promise<unknown> => JSON.parse((await page.textContent('#config')) ?? '');
  const summary = async (page: Page): Promise<string> => (await page.textContent('#summary')) ?? '';

  async function importText(page: Page, text: string): Promise<void> {
    await page.fill('#import-text', text);
    await page.click('#import-load');
  }

  test('the README examples, filled in by keyboard, give the README JSON', async () => {
    const page = await openPage();
    assert.deepEqual(await preview(page), {});
    assert.match(await summary(page), /Valid/);

    // "Add" moves focus to the new field, so typing goes straight into it.
    await page.click('#f-excludedServices-add');
    await page.keyboard.type('com.victronenergy.battery.ttyS1');
    assert.deepEqual(await preview(page), README_EXAMPLES.exclude);
    assert.match(await summary(page), /Valid/);

    await page.click('#reset');
    await page.click('#f-primaryServices-add');
    await page.keyboard.type('com.victronenergy.battery.ttyS5');
    await page.click('#f-primaryServices-0 ~ * summary, details:has(#f-primaryServices-0-other) > summary');
    await page.getByRole('checkbox', { name: '/Soc', exact: true }).check();
    assert.deepEqual(await preview(page), README_EXAMPLES.primary);
    // The same service twice in a map would silently become one key: the entry that loses is warned.
    await page.click('#f-primaryServices-add');
    await page.keyboard.type('com.victronenergy.battery.ttyS5');
    assert.match((await page.textContent('#f-primaryServices-0-errors')) ?? '', /only that one is written/);
    await page.getByRole('button', { name: 'Remove service 2' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-primaryServices-add');
    assert.equal(await page.textContent('#f-primaryServices-0-errors'), '');
    assert.deepEqual(await preview(page), README_EXAMPLES.primary);

    await page.click('#reset');
    const batteries = Object.entries(README_EXAMPLES.virtual.virtualBatteries);
    for (const [j, [name, members]] of batteries.entries()) {
      await page.click('#f-virtualBatteries-add');
      await page.keyboard.type(name);
      for (const member of members) {
        await page.click(`#f-virtualBatteries-${j}-add`);
        await page.keyboard.type(member);
      }
    }
    assert.deepEqual(await preview(page), README_EXAMPLES.virtual);
    assert.match(await summary(page), /Valid/);

    // Modes are radio groups: arrow keys choose.
    await page.focus('#f-cvlMode-0');
    await page.keyboard.press('ArrowDown');
    assert.equal((await preview(page) as Record<string, unknown>).cvlMode, 'max_when_balancing');
    await page.close();
  });

  test('each preset loads its README example', async () => {
    const page = await openPage();
    for (const [i, expected] of [README_EXAMPLES.exclude, README_EXAMPLES.primary, README_EXAMPLES.virtual].entries()) {
      await page.click(`#preset-${i}`);
      assert.deepEqual(await preview(page), expected);
    }
    await page.close();
  });

  test('a malformed config shows each of the validator\u2019s problems at its field', async () => {
    const page = await openPage();
    await importText(page, MALFORMED);
    const expected = validateConfig(JSON.parse(MALFORMED));
    assert.ok(!expected.ok);

    const at = async (id: string) => (await page.textContent(`#${id}-errors`)) ?? '';
    assert.match(await at('f-excludedServices-1'), /battery service name.*got "ttyS2"/);
    assert.match(await at('f-primaryServices-0'), /D-Bus path.*got "Soc"/);
    assert.match(await at('f-capacity'), /greater than 0, got -200/);
    assert.match(await at('f-cvlMode'), /one of .*got "maximum"/);
    assert.match(await at('f-ir-maxPercentageError'), /greater than 0, got 0/);
    assert.match(await at('f-virtualBatteries-0-1'), /battery service name.*got "shunt"/);
    assert.match(await at('f-extra-0'), /unknown key/);
    assert.equal(await page.getAttribute('#f-capacity', 'aria-invalid'), 'true');

    // Exactly the validator's problems, each shown once at a field and once in the summary.
    const shown = await page.$$eval('form ul.errors li:not(.warning)', (items) => items.map((li) => li.textContent ?? '').sort());
    assert.deepEqual(shown, expected.problems.map((p) => p.message).sort());
    assert.equal(await page.locator('#summary li').count(), expected.problems.length);
    assert.match(await summary(page), new RegExp(`${expected.problems.length} problems`));
    assert.match((await page.textContent('#import-status')) ?? '', new RegExp(`${expected.problems.length} problems`));

    await page.screenshot({ path: screenshotPath('problems-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling at 375 px');
    await page.screenshot({ path: screenshotPath('problems-375px.png'), fullPage: true });

    // A summary link takes the keyboard to the field; fixing it there removes its problem.
    await page.getByRole('link', { name: /^capacity:/ }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-capacity');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    assert.equal(await at('f-capacity'), '');
    assert.equal(await page.locator('#summary li').count(), expected.problems.length - 1);

    // What the form cannot hold, the import still reports as the daemon would, with the file's line:column.
    await importText(page, '{\n  "capacity": 100,\n  "capacity": 200\n}');
    assert.match((await page.textContent('#import-status')) ?? '', /3:\d+: capacity: duplicate key/);
    await importText(page, '{"capacity": 200,');
    assert.match((await page.textContent('#import-status')) ?? '', /Not loaded: .*invalid JSON/);
    await page.close();
  });

  test('import and export round-trip every key', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    const page = await openPage(1280, context);
    await page.setInputFiles('#import-file', { name: 'config.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(FULL, null, 2)) });
    await page.waitForSelector('#import-status:has-text("Loaded")');
    assert.deepEqual(await preview(page), FULL);
    assert.match(await summary(page), /Valid/);
    assert.equal(await page.locator('#f-cvlMode input:checked').getAttribute('value'), 'max_when_floating');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.equal(download.suggestedFilename(), 'config.json');
    const downloaded = readFileSync((await download.path())!, 'utf8');
    assert.deepEqual(JSON.parse(downloaded), FULL);
    assert.ok(validateConfig(JSON.parse(downloaded)).ok);

    await page.click('#copy');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), downloaded);

    await page.click('#reset');
    assert.deepEqual(await preview(page), {});
    await importText(page, downloaded);
    assert.deepEqual(await preview(page), FULL);
    await page.screenshot({ path: screenshotPath('full-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scrolling at 375 px');
    await page.screenshot({ path: screenshotPath('full-375px.png'), fullPage: true });
    await context.close();
  });

  test('the own SoC counter: switched on, an option set, the JSON holds it and check-config accepts it', async () => {
    const page = await openPage();
    assert.equal(await page.isDisabled('#f-ownSoc-holdTime'), true, 'off: its fields are there but disabled');
    await page.getByLabel('Use own state-of-charge counter').check();
    assert.deepEqual(await preview(page), { ownSoc: {} }, 'on with every option at its default');
    assert.equal(await page.isDisabled('#f-ownSoc-holdTime'), false);
    await page.fill('#f-ownSoc-holdTime', '120');
    await page.check('input[name="f-ownSoc-floatResets"][value="false"]');
    const written = await preview(page);
    assert.deepEqual(written, { ownSoc: { holdTime: 120, floatResets: false } }, 'a number and a yes/no option, as JSON types');
    assert.match(await summary(page), /Valid/);

    const dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-e2e-'));
    const checkConfig = async (config: unknown) => {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(config, null, 2));
      const child = spawnCli(['check-config', file]);
      return { code: await exited(child, 20000), stdout: child.output() };
    };
    try {
      assert.deepEqual(await checkConfig(written), { code: 0, stdout: 'valid\n' });
      // a value out of range: the page and check-config say the same
      await page.fill('#f-ownSoc-chargeEfficiency', '1.5');
      const shown = (await page.textContent('#f-ownSoc-chargeEfficiency-errors')) ?? '';
      assert.match(shown, /1\.5/);
      const refused = await checkConfig(await preview(page));
      assert.equal(refused.code, 1);
      const expected = validateConfig(await preview(page));
      assert.ok(!expected.ok);
      assert.deepEqual(expected.problems.map((p) => p.message), [shown]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await page.getByLabel('Use own state-of-charge counter').uncheck();
    assert.deepEqual(await preview(page), {}, 'off again: the key is absent');
    await page.close();
  });

  test('limit smoothing: switched on it is {}, a rate is written as a number, a zero rate shows the validator message', async () => {
    const page = await openPage();
    assert.equal(await page.isDisabled('#f-limitSmoothing-rampRate'), true, 'off: the field is there but disabled');
    await page.getByLabel('Use limit smoothing').check();
    assert.deepEqual(await preview(page), { limitSmoothing: {} }, 'on at the default 2 A/s');
    await page.fill('#f-limitSmoothing-rampRate', '5');
    assert.deepEqual(await preview(page), { limitSmoothing: { rampRate: 5 } });
    assert.match(await summary(page), /Valid/);
    await page.fill('#f-limitSmoothing-rampRate', '0');
    const shown = (await page.textContent('#f-limitSmoothing-rampRate-errors')) ?? '';
    assert.match(shown, /a rate in A\/s greater than 0/);
    const expected = validateConfig(await preview(page));
    assert.ok(!expected.ok);
    assert.deepEqual(expected.problems.map((p) => p.message), [shown], 'the page shows the validator\'s one message');
    await page.getByLabel('Use limit smoothing').uncheck();
    assert.deepEqual(await preview(page), {}, 'off again: the key is absent');
    await page.close();
  });

  test('the keyboard reaches every control, in reading order', async () => {
    const page = await openPage(375);
    const reached: string[] = [];
    for (let i = 0; i < 60 && !reached.includes('config'); i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    const expected = ['preset-0', 'reset', 'import-text', 'import-load', 'import-file', 'f-excludedServices-add', 'f-primaryServices-add', 'f-auxiliaryServices-add', 'f-virtualBatteries-add', 'f-serviceName', 'f-capacity', 'f-currentRatioMethod-0', 'f-ir-maxPercentageError', 'f-ir-minVoltageChange', 'f-cclMode-0', 'f-cvlMode-0', 'f-reconnectTimeout', 'f-startupBatteryWait', 'f-logLevel-0', 'copy', 'download', 'config'];
    assert.deepEqual(reached.filter((id) => expected.includes(id)), expected);
    await page.close();
  });

  test('every field has a label', async () => {
    const page = await openPage();
    await importText(page, JSON.stringify(FULL));
    const unlabelled = await page.$$eval('input, select, textarea', (fields) =>
      fields.filter((f) => (f as HTMLInputElement).labels?.length === 0 && !f.getAttribute('aria-label')).map((f) => f.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
    await page.close();
  });
});
