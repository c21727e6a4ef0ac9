import { readings } from '../sim/batteryReadings';
import type { BatteryState } from '../sim/batteryState';
import type { BankState } from '../sim/bankModel';
import type { PathValues, RecordedValue } from './format';
import { DVCC_PATH, MAX_CHARGE_CURRENT_SETTING, MAX_CHARGE_VOLTAGE_SETTING } from '../battery/dvcc';

/**
 * What the services of a GX publish, computed from the simulator's models: a serialbattery BMS, a
 * SmartShunt, and the DVCC paths of `com.victronenergy.system` and `.settings` (as the recorder keeps them).
 */

export function systemPaths(dvcc: boolean): PathValues {
  return { [DVCC_PATH]: dvcc ? 1 : 0 };
}

/** The owner's DVCC limits: -1 A and 0 V mean "no limit", as on a GX. */
export function settingsPaths(maxChargeCurrentA = -1, maxChargeVoltageV = 0): PathValues {
  return { [MAX_CHARGE_CURRENT_SETTING]: maxChargeCurrentA, [MAX_CHARGE_VOLTAGE_SETTING]: maxChargeVoltageV };
}

/** A serialbattery driver's service for pack `number` (from 1) on `/dev/ttyUSB<number-1>`. */
export function bmsPaths(number: number, state: BatteryState): PathValues {
  return {
    '/Mgmt/ProcessName': '/opt/victronenergy/dbus-serialbattery/dbus-serialbattery.py',
    '/Mgmt/ProcessVersion': '1.6.20250131',
    '/Mgmt/Connection': `Serial /dev/ttyUSB${number - 1}`,
    '/DeviceInstance': number,
    '/ProductId': 0xba77,
    '/ProductName': 'SerialBattery(JKBMS)',
    '/FirmwareVersion': '11.XW',
    '/HardwareVersion': `JK_B2A16S ${state.params.capacityAh}Ah`,
    '/Connected': 1,
    '/CustomName': `Pack ${number}`,
    '/Serial': `JK${String(1000 + number)}`,
    ...readings(state),
  };
}

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals + 0;

/**
 * A SmartShunt in the negative lead of the whole bank: it measures the bank's current and voltage (with
 * its own small offsets), counts its own state of charge, and has no cells, limits or charge mode.
 */
export function shuntPaths(bank: BankState, socPercent: number, voltageOffsetV: number): PathValues {
  const voltage = round(bank.busVoltage + voltageOffsetV, 2);
  const current = round(bank.currentA * 1.003 + 0.05, 1); // a calibration error of 0.3 % and a 50 mA offset
  const consumedAh = round(((socPercent - 100) / 100) * bank.installedAh, 1);
  const timeToGo: RecordedValue = current < 0 ? Math.min(864_000, Math.round((((socPercent / 100) * bank.installedAh) / -current) * 60) * 60) : null;
  return {
    '/Mgmt/ProcessName': '/opt/victronenergy/vedirect-interface/vedirect_dbus',
    '/Mgmt/ProcessVersion': '3.50',
    '/Mgmt/Connection': 'VE.Direct port 1',
    '/DeviceInstance': 279,
    '/ProductId': 0xa389,
    '/ProductName': 'SmartShunt 500A/50mV',
    '/FirmwareVersion': 0x417,
    '/Connected': 1,
    '/CustomName': 'Bank shunt',
    '/Serial': 'HQ2134ABCDE',
    '/Dc/0/Voltage': voltage,
    '/Dc/0/Current': current,
    '/Dc/0/Power': round(voltage * current, 0),
    '/Dc/0/Temperature': null, // no temperature sensor fitted
    '/Dc/1/Voltage': null,
    '/Soc': round(socPercent, 1),
    '/ConsumedAmphours': consumedAh,
    '/TimeToGo': timeToGo,
    '/Relay/0/State': 0,
    '/Alarms/LowVoltage': voltage < 48 ? 1 : 0,
    '/Alarms/HighVoltage': voltage > 57.6 ? 1 : 0,
    '/Alarms/LowSoc': socPercent < 10 ? 1 : 0,
  };
}
