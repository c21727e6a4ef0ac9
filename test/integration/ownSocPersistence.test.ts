import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Variant } from 'dbus-next';
import { Subject } from 'rxjs';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { startSettingsService, type RunningSettingsService } from '../../src/devtools/settingsService';
import { BusConnection } from '../../src/bus/busConnection';
import { addSettings } from '../../src/bus/localSettings';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { ownSocSettingPath, startOwnSocCounter } from '../../src/app/ownSocCounter';
import { OWN_SOC_DEFAULTS } from '../../src/config/defaults';
import type { OwnSocSample } from '../../src/pipeline/ownSoc/ownSocCounter';
import { setLogWriter } from '../../src/log/logger';
import { testConfig } from '../helpers/config';
import { eventually, getValue } from '../helpers/busClient';
import { exited, spawnCli } from '../helpers/processes';
import { publishBattery, type TestBattery } from '../helpers/testBattery';

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const SETTINGS = 'com.victronenergy.settings';
const STATE = '/Settings/BatteryAggregator/OwnSoc/State';
const CONFIG = testConfig({ startupBatteryWait: 0, ownSoc: {} });
// 100 Ah at 50 % and 300 Ah at 90 %: 320 of 400 Ah, 80 % weighted (the mean would say 70 %). A small discharge
// (4 A of 400 Ah, 1 %/h) keeps the counter counting; neither at its charge voltage nor floating, so no reset.
const A = { '/Soc': 50, '/InstalledCapacity': 100, '/Dc/0/Current': -2, '/Dc/0/Voltage': 52, '/Info/MaxChargeVoltage': 55.2 };
const B = { '/Soc': 90, '/InstalledCapacity': 300, '/Dc/0/Current': -2, '/Dc/0/Voltage': 52, '/Info/MaxChargeVoltage': 55.2 };

/**
 * The own SoC counter's state in com.victronenergy.settings (our dev settings service, persisting to a file as
 * localsettings does to flash) on a real private bus: kept across a restart of the daemon and of the settings,
 * a corrupt or stale state discarded with the reason, and no settings service at all not stopping the daemon.
 */
describe('the own SoC kept in com.victronenergy.settings', () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let dir: string;
  let file: string;
  let settings: RunningSettingsService | undefined;
  let aggregator: RunningAggregator | undefined;
  let batteries: TestBattery[] = [];
  let logs: string[];
  let restoreLog: (line: string) => void;

  const start = async () => (aggregator = await startAggregator({ address: bus.address, config: CONFIG }));
  const stop = async () => {
    await aggregator?.stop();
    aggregator = undefined;
  };
  const value = async (service: string, path: string) => (await getValue(client, service, path)).value;
  const soc = () => eventually(async () => {
    const v = await value(AGGREGATE, '/Soc').catch(() => undefined);
    return typeof v === 'number' ? v : undefined;
  }, 5000, 'a /Soc');
  const logged = (pattern: RegExp) => eventually(() => (logs.some((line) => pattern.test(line)) ? true : undefined), 5000, `a log line ${pattern}`).catch((err: Error) => assert.fail(`${err.message}\n${logs.join('')}`));
  const store = async (text: string) => {
    await addSettings(client, { [STATE]: new Variant('s', '') });
    settings!.store.set(STATE, text);
  };

  before(async () => {
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
  });
  after(async () => {
    client?.close();
    await bus?.stop();
  });
  beforeEach(async () => {
    logs = [];
    restoreLog = setLogWriter((line) => logs.push(line));
    dir = mkdtempSync(join(tmpdir(), 'battery-aggregator-ownsoc-'));
    file = join(dir, 'settings.json');
    settings = await startSettingsService({ address: bus.address, file });
    batteries = [await publishBattery(bus.address, 'com.victronenergy.battery.a', A), await publishBattery(bus.address, 'com.victronenergy.battery.b', B)];
  });
  afterEach(async () => {
    await stop();
    for (const battery of batteries) await battery.stop();
    await settings?.stop();
    settings = undefined;
    setLogWriter(restoreLog);
    rmSync(dir, { recursive: true, force: true });
  });

  test('saved on stop and resumed after a restart of the daemon and the settings service (within 0.1 %), not the BMSes\' SoC', async () => {
    await start();
    await logged(/INFO +ownsoc: no own SoC stored in \/Settings\/BatteryAggregator\/OwnSoc\/State yet; starting from the batteries' weighted SoC/);
    const first = await soc();
    assert.ok(Math.abs(first - 80) < 0.1, `a fresh counter starts from the whole bank's weighted SoC, 80 %, got ${first}`);
    await logged(/INFO +limits: \/Info\/MaxChargeVoltage = 55\.2 V/); // the CVL the counter reads is still logged
    await stop();
    const saved = JSON.parse(String(await value(SETTINGS, STATE))) as { version: number; soc: number; savedAt: number };
    assert.equal(saved.version, 1);
    assert.ok(Math.abs(saved.soc - first) < 0.1, `saved ${saved.soc}, published ${first}`);
    assert.ok(Math.abs(saved.savedAt - Date.now() / 1000) < 60, `savedAt ${saved.savedAt}`);

    // The BMSes now say something else (a drifted SoC): the resumed counter does not follow them.
    batteries[0]!.set({ '/Soc': 20 });
    batteries[1]!.set({ '/Soc': 30 });
    await settings!.stop();
    settings = await startSettingsService({ address: bus.address, file });
    await start();
    await logged(/INFO +ownsoc: own SoC resumes at \d+\.\d\d % from \/Settings\/BatteryAggregator\/OwnSoc\/State \(saved \d+ s ago\)/);
    const resumed = await soc();
    assert.ok(Math.abs(resumed - saved.soc) < 0.1, `resumed at ${resumed}, saved ${saved.soc}`);
    assert.ok(Math.abs((await value(AGGREGATE, '/ConsumedAmphours')) as number - (-(100 - resumed) / 100) * 400) < 0.5);
  });

  const corrupt: Array<[string, () => string, RegExp]> = [
    ['invalid JSON', () => '{"version":1,"soc":7', /not JSON \(/],
    ['soc 150', () => JSON.stringify({ version: 1, soc: 150, savedAt: Math.round(Date.now() / 1000) }), /soc 150 is not a finite number in 0\.\.100/],
    ['savedAt in the future', () => JSON.stringify({ version: 1, soc: 40, savedAt: Math.round(Date.now() / 1000) + 3600 }), /savedAt \S+ is in the future \(the clock says \S+\)/],
    ['older than maxStateAge', () => JSON.stringify({ version: 1, soc: 40, savedAt: Math.round(Date.now() / 1000) - OWN_SOC_DEFAULTS.maxStateAge - 100 }), /saved 86\d{3} s ago, more than maxStateAge \(86400 s\)/],
  ];
  for (const [what, text, reason] of corrupt) {
    test(`a stored state with ${what} is discarded with the reason, and the counter starts from the weighted SoC`, async () => {
      await store(text());
      await start();
      await logged(new RegExp(`WARNING ownsoc: discarding the stored own SoC in /Settings/BatteryAggregator/OwnSoc/State: ${reason.source}.*; starting from the batteries' weighted SoC`));
      const fresh = await soc();
      assert.ok(Math.abs(fresh - 80) < 0.1, `a clean start at 80 %, got ${fresh}`);
      await stop();
      const saved = JSON.parse(String(await value(SETTINGS, STATE))) as { soc: number };
      assert.ok(Math.abs(saved.soc - 80) < 0.1, 'the discarded state is replaced by a valid one');
    });
  }

  test('without a settings service the daemon runs, counting, after one warning', async () => {
    await settings!.stop();
    settings = undefined;
    await start();
    const fresh = await soc();
    assert.ok(Math.abs(fresh - 80) < 0.1, `got ${fresh}`);
    const warnings = logs.filter((line) => /WARNING ownsoc: com\.victronenergy\.settings is not on the bus; the own SoC counter runs without persistence/.test(line));
    assert.equal(warnings.length, 1, logs.join(''));
    await stop();
  });

  test('written every interval while running, from the counter\'s own values', async () => {
    const connection = await BusConnection.connect(bus.address);
    const app = await startOwnSocCounter(connection, OWN_SOC_DEFAULTS, { serviceName: AGGREGATE, saveIntervalMs: 50 });
    const samples = new Subject<OwnSocSample>();
    const sub = app.counter(Promise.resolve())(samples).subscribe();
    try {
      samples.next({ current: 0, voltage: 52, chargeVoltage: 55.2, allFloat: false, capacity: 400, batterySoc: 42.5 });
      const saved = await eventually(async () => {
        const text = await value(SETTINGS, STATE).catch(() => undefined);
        return typeof text === 'string' && text !== '' ? (JSON.parse(text) as { soc: number }) : undefined;
      }, 5000, 'a periodic save');
      assert.equal(saved.soc, 42.5);
    } finally {
      sub.unsubscribe();
      await app.stop();
      connection.close();
    }
  });

  test('the daemon saves the state on SIGTERM', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ startupBatteryWait: 0, ownSoc: {} }));
    const daemon = spawnCli([config, '--bus', bus.address]);
    try {
      await soc();
      assert.equal(await value(SETTINGS, STATE), '', 'nothing saved before the first minute');
      daemon.kill('SIGTERM');
      assert.equal(await exited(daemon, 10_000), 0);
    } finally {
      if (daemon.exitCode === null) daemon.kill('SIGKILL');
    }
    const saved = JSON.parse(String(await value(SETTINGS, STATE))) as { soc: number };
    assert.ok(Math.abs(saved.soc - 80) < 0.1, `saved ${saved.soc}\n${daemon.output()}`);
    assert.equal(ownSocSettingPath('com.victronenergy.battery.house'), '/Settings/BatteryAggregator_house/OwnSoc/State');
  });
});
