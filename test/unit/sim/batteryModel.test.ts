import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createBattery, defaultParams, step } from '../../../src/sim/batteryModel';
import type { BatteryState } from '../../../src/sim/batteryState';
import { readings } from '../../../src/sim/batteryReadings';
import { chargeCurrentLimit, dischargeCurrentLimit } from '../../../src/sim/bms';
import { cellOcv } from '../../../src/sim/lifepo4';
import { seededRandom } from '../../../src/sim/random';

const battery = (soc: number, capacityAh = 200, temperatureC = 25): BatteryState =>
  createBattery(defaultParams(capacityAh, 0.004), seededRandom(42), soc, temperatureC);

const decimals = (value: number) => (String(value).split('.')[1] ?? '').length;

test('the LiFePO4 curve: ~2.9 V empty, flat 3.25-3.32 V from 20 to 90 %, 3.45 V full, never falling', () => {
  assert.equal(cellOcv(0), 2.9);
  assert.equal(cellOcv(1), 3.45);
  for (let soc = 0.2; soc <= 0.9; soc += 0.01) assert.ok(cellOcv(soc) >= 3.25 && cellOcv(soc) <= 3.32, `${soc}: ${cellOcv(soc)}`);
  for (let soc = 0; soc < 1; soc += 0.001) assert.ok(cellOcv(soc + 0.001) >= cellOcv(soc));
});

test('SoC counts coulombs: dSoC = I dt / capacity', () => {
  const before = battery(0.5, 200);
  const after = step(before, 600, -40); // 40 A for 10 min = 6.67 Ah of 200
  assert.ok(Math.abs(after.soc - (0.5 - 40 / 6 / 200)) < 1e-12);
  const charged = step(after, 3600, 20);
  assert.ok(Math.abs(charged.soc - (after.soc + 0.1)) < 1e-12);
  assert.equal(step(battery(0.999), 3600, 100).soc, 1, 'clamped at full');
});

test('readings: pack voltage is 16 x OCV + I R, with every path a BMS publishes', () => {
  const state = step(battery(0.5), 1, -50);
  const r = readings(state);
  const expected = 16 * cellOcv(state.soc) - 50 * 0.004;
  assert.ok(Math.abs((r['/Dc/0/Voltage'] as number) - expected) < 0.03, `${r['/Dc/0/Voltage']} vs ${expected}`);
  assert.equal(r['/Dc/0/Current'], -50);
  assert.equal(r['/Dc/0/Power'], Math.round((r['/Dc/0/Voltage'] as number) * -50));
  assert.equal(r['/InstalledCapacity'], 200);
  assert.ok(Math.abs((r['/Capacity'] as number) - state.soc * 200) <= 0.05);
  assert.ok(Math.abs((r['/ConsumedAmphours'] as number) + (1 - state.soc) * 200) <= 0.05);
  assert.equal(typeof r['/TimeToGo'], 'number');
  assert.equal(r['/System/NrOfCellsPerBattery'], 16);
  assert.match(r['/System/MinVoltageCellId'] as string, /^C([1-9]|1[0-6])$/);
  assert.match(r['/System/MaxTemperatureCellId'] as string, /^C([1-9]|1[0-6])$/);
  assert.equal(r['/Info/MaxChargeVoltage'], 55.2);
  assert.equal(r['/Info/BatteryLowVoltage'], 46.4);
  assert.equal(r['/Info/ChargeMode'], 'Bulk');
  assert.equal(r['/Info/MaxChargeCurrent'], 100);
  for (const path of ['LowVoltage', 'HighVoltage', 'LowCellVoltage', 'HighCellVoltage', 'LowSoc', 'HighTemperature', 'LowTemperature', 'CellImbalance', 'HighChargeCurrent', 'HighDischargeCurrent', 'LowChargeTemperature', 'HighChargeTemperature']) {
    assert.equal(r[`/Alarms/${path}`], 0, path);
  }
  // Rounded like a BMS reports, so an unchanged reading sends no signal.
  assert.ok(decimals(r['/Dc/0/Voltage'] as number) <= 2);
  assert.ok(decimals(r['/System/MinCellVoltage'] as number) <= 3);
  assert.ok(decimals(r['/Soc'] as number) <= 1);
  assert.ok(decimals(r['/Dc/0/Temperature'] as number) <= 1);
  assert.deepEqual(readings(state), r, 'readings are a function of the state');
});

test('TimeToGo counts down while discharging and is invalid while charging or idle', () => {
  const r = readings(step(battery(0.5, 200), 1, -20));
  assert.ok(Math.abs((r['/TimeToGo'] as number) - 5 * 3600) <= 60, String(r['/TimeToGo']));
  assert.equal(readings(step(battery(0.5), 1, 20))['/TimeToGo'], null);
  assert.equal(readings(battery(0.5))['/TimeToGo'], null);
});

test('charging heats the pack slowly by I^2 R', () => {
  let state = battery(0.3, 100);
  for (let i = 0; i < 60; i++) state = step(state, 60, 50);
  assert.ok(state.temperatureC > 25.3 && state.temperatureC < 30, String(state.temperatureC));
});

test('a cold battery blocks charging and says so', () => {
  const cold = step(battery(0.5, 200, -5), 1, 0);
  const r = readings(cold);
  assert.equal(chargeCurrentLimit(cold), 0);
  assert.equal(r['/Io/AllowToCharge'], 0);
  assert.equal(r['/Info/MaxChargeCurrent'], 0);
  assert.equal(r['/System/NrOfModulesBlockingCharge'], 1);
  assert.equal(r['/Alarms/LowChargeTemperature'], 2);
  assert.equal(r['/Io/AllowToDischarge'], 1, 'it still delivers');
  assert.ok(dischargeCurrentLimit(cold) > 0);
});

test('limits taper near full and empty; the cells fan out and balance near full', () => {
  assert.ok(chargeCurrentLimit(battery(0.98)) < chargeCurrentLimit(battery(0.5)));
  assert.equal(chargeCurrentLimit(battery(1)), 0);
  assert.ok(dischargeCurrentLimit(battery(0.05)) < dischargeCurrentLimit(battery(0.5)));
  const full = readings(battery(0.995));
  assert.equal(full['/Balancing'], 1);
  assert.equal(full['/Io/AllowToBalance'], 1);
  assert.equal(readings(battery(0.5))['/Balancing'], 0);
});

test('charge modes go bulk, absorption, float and back to bulk below 90 %', () => {
  let state = battery(0.9, 100);
  const modes: string[] = [];
  for (let i = 0; i < 200; i++) {
    state = step(state, 60, state.soc < 1 ? 20 : 0);
    if (modes[modes.length - 1] !== state.chargeMode) modes.push(state.chargeMode);
  }
  for (let i = 0; i < 200; i++) state = step(state, 60, -20);
  modes.push(state.chargeMode);
  assert.deepEqual(modes, ['Bulk', 'Absorption', 'Float', 'Bulk']);
  assert.equal(readings(step(battery(1), 1, 0))['/Info/MaxChargeVoltage'], 53.6, 'float voltage');
});

test('cell voltages stay within 2.8-3.65 V at any SoC and any current the BMS allows', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.constantFrom(50, 100, 280), (soc, fraction, capacityAh) => {
      const state = createBattery(defaultParams(capacityAh, 0.012), seededRandom(7), soc);
      const current = fraction > 0 ? fraction * chargeCurrentLimit(state) : fraction * dischargeCurrentLimit(state);
      const r = readings(step(state, 1, current));
      return (r['/System/MinCellVoltage'] as number) >= 2.8 && (r['/System/MaxCellVoltage'] as number) <= 3.65;
    }),
  );
});

test('a charge limit cap holds the BMS\'s own CCL below its curve, and goes with null', () => {
  assert.equal(chargeCurrentLimit(battery(0.5)), 100);
  assert.equal(chargeCurrentLimit({ ...battery(0.5), chargeLimitCap: 85 }), 85);
  assert.equal(readings({ ...battery(0.5), chargeLimitCap: 85 })['/Info/MaxChargeCurrent'], 85);
  assert.equal(chargeCurrentLimit({ ...battery(0.5), chargeLimitCap: 500 }), 100, 'never above the curve');
  assert.equal(chargeCurrentLimit({ ...battery(0.5), chargeLimitCap: null }), 100);
});
