import fc from 'fast-check';
import { ConfigFile } from '../../../src/config/codec';

/* Config texts for property tests: valid configs, and valid configs with a few characters or one value changed. */

const service = fc.constantFrom('com.victronenergy.battery.ttyS1', 'com.victronenergy.battery.ttyUSB0', 'com.victronenergy.battery.socketcan_can0', 'name:My Battery');
const dbusPath = fc.constantFrom('/Soc', '/Dc/0/Current', '/Info/Location', '/System/MinCellVoltage');
const selection = fc.oneof(fc.array(service, { maxLength: 3 }), fc.dictionary(service, fc.array(dbusPath, { maxLength: 2 }), { maxKeys: 3 }));
const positive = fc.double({ min: 0.001, max: 1e6, noNaN: true });
const nonNegative = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));

/** Configs the codec accepts, with any subset of the keys. */
export const validConfig = fc.record(
  {
    serviceName: fc.constantFrom('com.victronenergy.battery.aggregator', 'com.victronenergy.battery.aggregator2'),
    excludedServices: fc.array(service, { maxLength: 3 }),
    primaryServices: selection,
    auxiliaryServices: selection,
    capacity: positive,
    virtualBatteries: fc.dictionary(fc.constantFrom('com.victronenergy.battery.virtual1', 'com.victronenergy.battery.virtual2'), selection, { maxKeys: 2 }),
    currentRatioMethod: fc.constantFrom('ir', 'capacity', 'count'),
    cclMode: fc.constantFrom('battery+dvcc', 'battery', 'dvcc'),
    cvlMode: fc.constantFrom('max_when_balancing', 'min_when_balancing', 'max_always', 'max_when_floating', 'dvcc'),
    socMode: fc.constantFrom('capacity', 'mean'),
    timeToGoMode: fc.constantFrom('bank', 'mean'),
    logLevel: fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'),
    reconnectTimeout: nonNegative,
    startupBatteryWait: nonNegative,
    ir: fc.record({ maxPercentageError: positive, minVoltageChange: positive }, { requiredKeys: [] }),
    cellVoltageGuard: fc.record({ maxCellVoltage: positive, hysteresis: nonNegative, releaseTime: nonNegative, lowerRate: nonNegative }, { requiredKeys: ['maxCellVoltage'] }),
    limitSmoothing: fc.record({ rampRate: positive }, { requiredKeys: [] }),
    statusPage: fc.record({ listen: fc.constantFrom('0.0.0.0:8089', '127.0.0.1:1', 'gx.local:65535', '[::]:8089', '[::1]:80') }, { requiredKeys: [] }),
    mixedVoltage: fc.record({ mode: fc.constantFrom('exclude', 'off'), maxDeviation: fc.double({ min: 0.001, max: 1, noNaN: true }), settleTime: nonNegative }, { requiredKeys: [] }),
    doubleCountedShunt: fc.record({ mode: fc.constantFrom('warn', 'off'), tolerance: fc.double({ min: 0.001, max: 1, noNaN: true }), minCurrent: positive, duration: nonNegative }, { requiredKeys: [] }),
    ownSoc: fc.record(
      {
        chargeEfficiency: fc.double({ min: 0.5, max: 1, noNaN: true }),
        floatResets: fc.boolean(),
        fullVoltageMargin: nonNegative,
        tailCurrent: nonNegative,
        holdTime: nonNegative,
        maxStateAge: positive,
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** A valid config's text with a few characters inserted, deleted or replaced. */
const textEdit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...'{}[]",:0-.eE /\\\nabcS'.split('')));
export const editedText = fc.tuple(validConfig, fc.array(textEdit, { minLength: 1, maxLength: 3 })).map(([config, edits]) =>
  edits.reduce((text, [n, edit, c]) => {
    const at = n % (text.length + 1);
    if (edit === 'insert') return text.slice(0, at) + c + text.slice(at);
    if (edit === 'delete') return text.slice(0, at) + text.slice(at + 1);
    return text.slice(0, at) + c + text.slice(at + 1);
  }, JSON.stringify(config, null, 2)),
);

/** A valid config with one key, top-level or in `ir`, set to any JSON value (a known key or a new one). */
export const editedValue = fc
  .tuple(validConfig, fc.oneof(fc.constantFrom(...Object.keys(ConfigFile.props)), fc.string()), fc.jsonValue(), fc.boolean())
  .map(([config, key, value, inIr]) => JSON.stringify(inIr ? { ...config, ir: { ...config.ir, [key]: value } } : { ...config, [key]: value }));

export const anyText = fc.oneof(fc.json(), fc.string(), editedText, editedValue);

