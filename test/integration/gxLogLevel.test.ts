import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { DEBUG_AT_START } from '../unit/log/environmentAtStart';
import { startPrivateBus, type PrivateBus } from '../../src/devtools/privateBus';
import { BusConnection } from '../../src/bus/busConnection';
import { startAggregator, type RunningAggregator } from '../../src/app/aggregator';
import { testConfig } from '../helpers/config';
import { setLogLevel, setLogWriter } from '../../src/log/logger';
import { publishBattery, type TestBattery } from '../helpers/testBattery';
import { eventually, getValue, setValue } from '../helpers/busClient';

/** No battery is on this test bus: register at once rather than wait for one to report a voltage. */
const NO_STARTUP_WAIT = testConfig({ startupBatteryWait: 0 });

const AGGREGATE = 'com.victronenergy.battery.aggregator';
const skip = DEBUG_AT_START ? 'DEBUG= is set in the environment, and decides' : false;

/** /LogLevel as an installer uses it: `dbus -y com.victronenergy.battery.aggregator /LogLevel SetValue DEBUG`. */
describe('/LogLevel at run time', { skip }, () => {
  let bus: PrivateBus;
  let client: BusConnection;
  let battery: TestBattery;
  let aggregator: RunningAggregator;
  const lines: string[] = [];
  let restoreLog: (line: string) => void;

  const setLevel = (level: Variant) => setValue(client, AGGREGATE, '/LogLevel', level);
  /** Changes the battery's SoC and waits until the aggregate has it, so its log lines are written. */
  const changeSoc = async (soc: number) => {
    battery.set({ '/Soc': soc });
    await eventually(async () => ((await getValue(client, AGGREGATE, '/Soc')).value === soc ? true : undefined), 3000, `/Soc ${soc}`);
  };

  before(async () => {
    restoreLog = setLogWriter((line) => lines.push(line));
    setLogLevel('INFO');
    bus = await startPrivateBus();
    client = await BusConnection.connect(bus.address);
    battery = await publishBattery(bus.address, 'com.victronenergy.battery.ttyS1', { '/Dc/0/Voltage': 52.4, '/Soc': 80 });
    aggregator = await startAggregator({ address: bus.address, config: NO_STARTUP_WAIT });
  });

  after(async () => {
    await aggregator?.stop();
    await battery?.stop();
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
    setLogLevel('INFO');
  });

  test('at INFO a value change writes no line', async () => {
    lines.length = 0;
    await changeSoc(81);
    assert.deepEqual(lines, []);
  });

  test('DEBUG is accepted, logged, and shows each published change at once', async () => {
    assert.equal(await setLevel(new Variant('s', 'DEBUG')), 0);
    assert.equal((await getValue(client, AGGREGATE, '/LogLevel')).value, 'DEBUG');
    assert.ok(lines.some((line) => /INFO +aggregator: log level set to DEBUG/.test(line)), lines.join(''));
    lines.length = 0;
    await changeSoc(82);
    assert.ok(lines.some((line) => /^\S+Z DEBUG +output: \/Soc = 82$/m.test(line)), lines.join(''));
  });

  test('any other text is refused with code 2, a number with code 1; neither changes the level', async () => {
    for (const level of ['TRACE', 'debug', 'Info', '', 'INFO ']) {
      assert.equal(await setLevel(new Variant('s', level)), 2, JSON.stringify(level));
    }
    assert.equal(await setLevel(new Variant('i', 2)), 1, 'a number cannot be a level: code 1, as vedbus for a value of the wrong type');
    assert.equal((await getValue(client, AGGREGATE, '/LogLevel')).value, 'DEBUG');
  });

  test('WARNING hides info and debug lines; ERROR and CRITICAL are accepted too', async () => {
    assert.equal(await setLevel(new Variant('s', 'WARNING')), 0);
    lines.length = 0;
    await changeSoc(83);
    assert.equal(await setLevel(new Variant('s', 'INFO')), 0);
    assert.equal(lines.length, 1, lines.join(''));
    assert.match(lines[0]!, /INFO +aggregator: log level set to INFO/, 'the only line: the change back to INFO, written once it applies');
    for (const level of ['ERROR', 'CRITICAL', 'INFO']) assert.equal(await setLevel(new Variant('s', level)), 0, level);
  });
});
