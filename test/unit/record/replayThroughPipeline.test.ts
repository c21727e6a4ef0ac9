import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/config/defaults';
import { RecordingBuilder } from '../../../src/record/recordingBuilder';
import { replayThroughPipeline, type OutputChange } from '../../../src/record/replayPipeline';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const SETTINGS = 'com.victronenergy.settings';

function battery(current: number) {
  return { '/Dc/0/Current': current, '/Dc/0/Voltage': 52, '/Info/MaxChargeCurrent': 100, '/Io/AllowToCharge': 1 };
}

function changesOf(changes: readonly OutputChange[], path: string): Array<[number, OutputChange['value']]> {
  return changes.filter((c) => c.path === path).map((c) => [c.t, c.value]);
}

test('a recording runs through the pipeline in virtual time: each output at the time of the line that caused it', () => {
  const builder = new RecordingBuilder(new Date('2026-06-01T10:00:00Z'), {
    [A]: battery(-10),
    [B]: battery(-5),
    'com.victronenergy.system': { '/Control/Dvcc': 1 },
    [SETTINGS]: { '/Settings/SystemSetup/MaxChargeCurrent': -1, '/Settings/SystemSetup/MaxChargeVoltage': 0 },
  });
  builder.update(1000, A, { '/Dc/0/Current': -12 });
  builder.update(2000, A, { '/Dc/0/Current': -30 }); // and back within the same instant: nothing published
  builder.update(2000, A, { '/Dc/0/Current': -12 });
  builder.update(3000, SETTINGS, { '/Settings/SystemSetup/MaxChargeCurrent': 50 });
  builder.vanish(3_600_000, B); // an hour later: virtual time costs nothing
  const changes = replayThroughPipeline(builder.build(), DEFAULT_CONFIG);

  assert.deepEqual(changesOf(changes, '/Dc/0/Current'), [
    [0, -15],
    [1000, -17],
    [3_600_000, -12],
  ]);
  assert.deepEqual(changesOf(changes, '/System/NrOfBatteries'), [
    [0, 2],
    [3_600_000, 1],
  ]);
  const chargeLimit = changesOf(changes, '/Info/MaxChargeCurrent');
  assert.equal(chargeLimit.at(-1)?.[1], 50, "DVCC's user limit, from the recorded settings, caps the charge current");
  assert.ok(chargeLimit.some(([t, value]) => t === 3000 && value === 50), JSON.stringify(chargeLimit));
  assert.ok(changes.every((c) => c.service === DEFAULT_CONFIG.serviceName));
});
