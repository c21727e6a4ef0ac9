import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { eventually } from '../../helpers/busClient';
import { exited } from '../../helpers/processes';
import { sampleHeap, settledHeapMb } from './heap';
import { assertSameAsFreshStart, assertServiceUp, startFaultBus, waitForAggregate, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const FLOOD = 'com.victronenergy.battery.flood';
const CHANGES_PER_SECOND = 10_000;
const SECONDS = 3;

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? NaN;

/**
 * One battery sends 10,000 changes a second (1,000 ItemsChanged of 10 paths) for 3 s. The others must still
 * get through, and memory must stay bounded: the figures are printed, not timed.
 */
describe('a battery flooding the bus', () => {
  let faults: FaultBus;
  let a: TestBattery;
  let flood: ChildProcess | undefined;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      a = await publishBattery(address, A, { '/Soc': 60, '/Dc/0/Current': -10, '/Info/BatteryLowVoltage': 40 });
    });
  });

  after(async () => {
    if (flood && flood.exitCode === null) flood.kill('SIGKILL');
    await a?.stop();
    await faults?.stop();
  });

  test(`${CHANGES_PER_SECOND} changes a second: a change of another battery still reaches the aggregate; memory stays bounded`, async () => {
    const heapBefore = settledHeapMb();
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'floodBattery.ts'), faults.bus.address, FLOOD, String(CHANGES_PER_SECOND), String(SECONDS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    flood = child;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => (output.includes('ready') ? true : undefined), 30_000, 'the flooding battery');
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 2);

    const heap = sampleHeap();
    const latencies: number[] = [];
    for (let i = 1; !output.includes('sent'); i++) {
      const started = performance.now();
      a.set({ '/Info/BatteryLowVoltage': 40 + i }); // a path the flood does not touch
      await waitForAggregate(faults.client, '/Info/BatteryLowVoltage', 40 + i, 30_000);
      latencies.push(performance.now() - started);
      await assertServiceUp(faults.client);
    }
    const peak = heap.stop();
    const [, sentText, secondsText] = /sent (\d+) in ([\d.]+) s/.exec(output) ?? [];
    const sent = Number(sentText);
    const seconds = Number(secondsText);

    // Once the flood is over, the aggregate is what a fresh start computes from the batteries' last values.
    await assertSameAsFreshStart(faults);
    const heapAfter = settledHeapMb();
    console.log(
      `flood: ${sent} changes in ${seconds} s (${Math.round(sent / seconds)}/s); ${latencies.length} changes of another battery got through, ` +
        `median ${median(latencies).toFixed(0)} ms, slowest ${Math.max(...latencies).toFixed(0)} ms; heap ${heapBefore.toFixed(1)} MB before, peak ${peak.toFixed(1)} MB, ` +
        `${heapAfter.toFixed(1)} MB after`,
    );
    assert.equal(sent, CHANGES_PER_SECOND * SECONDS, 'the whole flood was sent');
    assert.ok(latencies.length >= 2, 'changes of another battery got through during the flood');
    assert.ok(heapAfter - heapBefore < 20, `the heap grew by ${(heapAfter - heapBefore).toFixed(1)} MB`);
    child.kill('SIGTERM');
    await exited(child);
    await waitForAggregate(faults.client, '/System/NrOfBatteries', 1);
  });
});
