import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { BusConnection } from '../../../src/bus/busConnection';
import { startPrivateBus, type PrivateBus } from '../../../src/devtools/privateBus';
import { setLogWriter } from '../../../src/log/logger';
import { startSimulatedBank, type SimulatedBank } from '../../../src/sim/simulatedBank';

const SIM1 = 'com.victronenergy.battery.sim1';
const SIM2 = 'com.victronenergy.battery.sim2';

let bus: PrivateBus;
let client: BusConnection;
let bank: SimulatedBank | undefined;
const logs: string[] = [];
let restoreLog: (line: string) => void;

async function getItems(service: string): Promise<Record<string, { Value: Variant; Text: Variant }>> {
  const reply = await client.call({ destination: service, path: '/', interface: 'com.victronenergy.BusItem', member: 'GetItems' }, 3000);
  assert.equal(reply.signature, 'a{sa{sv}}');
  return reply.body[0] as Record<string, { Value: Variant; Text: Variant }>;
}

async function names(): Promise<string[]> {
  return (await client.callBus('ListNames')).body[0] as string[];
}

/** Polls `check` every 20 ms until it holds, failing after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(async () => {
  restoreLog = setLogWriter((line) => logs.push(line));
  bus = await startPrivateBus();
  client = await BusConnection.connect(bus.address);
});

after(async () => {
  try {
    await bank?.stop();
  } finally {
    client?.close();
    await bus?.stop();
    setLogWriter(restoreLog);
  }
});

test('a bank of two simulated batteries on a private bus', async () => {
  bank = await startSimulatedBank({ address: bus.address, count: 2, capacityAh: [100, 280], intervalMs: 50, timeScale: 60, seed: 4 });
  assert.deepEqual(bank.services, [SIM1, SIM2]);
  assert.ok((await names()).includes(SIM2));
  assert.equal(logs.filter((line) => line.includes('online')).length, 2, 'one line per battery');

  const items = await getItems(SIM1);
  const value = (path: string) => {
    const entry = items[path];
    assert.ok(entry, `${path} is published`);
    return entry.Value;
  };
  assert.equal(value('/Dc/0/Voltage').signature, 'd');
  assert.ok(Math.abs((value('/Dc/0/Voltage').value as number) - 52.5) < 1.5, String(value('/Dc/0/Voltage').value));
  assert.equal(items['/Dc/0/Voltage']!.Text.value, `${(value('/Dc/0/Voltage').value as number).toFixed(2)}V`);
  assert.deepEqual([value('/DeviceInstance').signature, value('/DeviceInstance').value], ['i', 101]);
  assert.deepEqual([value('/ProductId').signature, value('/ProductId').value], ['i', 0xba77]);
  assert.deepEqual([value('/Connected').signature, value('/Connected').value], ['i', 1]);
  assert.equal(value('/Mgmt/ProcessName').value, 'battery-aggregator simulate');
  assert.equal(value('/Mgmt/Connection').value, 'Simulated');
  assert.equal(value('/CustomName').value, 'Sim Battery 1');
  assert.equal(value('/InstalledCapacity').signature, 'd');
  assert.equal(value('/InstalledCapacity').value, 100);
  assert.equal(value('/Soc').signature, 'd');
  assert.equal(value('/Io/AllowToCharge').signature, 'i');
  assert.equal(value('/Info/ChargeMode').signature, 's');
  assert.equal(value('/System/MinVoltageCellId').signature, 's');
  assert.equal(value('/System/NrOfCellsPerBattery').value, 16);
  assert.equal(value('/Alarms/HighChargeCurrent').signature, 'i');

  // The model runs: the SoC moves (the load is on at 60x time).
  const soc = value('/Soc').value as number;
  await until(async () => ((await getItems(SIM1))['/Soc']!.Value.value as number) !== soc, 'the SoC to move');
  const second = await getItems(SIM2);
  assert.equal(second['/InstalledCapacity']!.Value.value, 280);
  assert.ok((second['/Dc/0/Current']!.Value.value as number) < 0, 'discharging');
});

test('a battery vanishes from the bus and returns', async () => {
  assert.ok(bank);
  await bank.dropBattery(0);
  assert.equal(bank.isOnline(0), false);
  await until(async () => !(await names()).includes(SIM1), 'sim1 to leave');
  assert.ok((await names()).includes(SIM2));
  assert.equal(await bank.toggleBattery(0), true);
  await until(async () => (await names()).includes(SIM1), 'sim1 to return');
  assert.equal((await getItems(SIM1))['/DeviceInstance']!.Value.value, 101);
  await assert.rejects(bank.dropBattery(5), RangeError);
});

test('stop takes every battery off the bus', async () => {
  assert.ok(bank);
  await bank.stop();
  await until(async () => !(await names()).some((name) => name.startsWith('com.victronenergy.battery.sim')), 'the batteries to leave');
  await bank.stop(); // twice is fine
});
