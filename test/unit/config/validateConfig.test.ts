import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/config/defaults';
import { formatProblems, parseConfig, validateConfig, type ConfigProblem, type ConfigResult } from '../../../src/config/validateConfig';
import { README_EXAMPLES } from './configTables';

/** The config of a result that must be valid, failing with its problems otherwise. */
function configOf(result: ConfigResult) {
  if (!result.ok) assert.fail(`expected a valid config, got:\n${formatProblems(result.problems)}`);
  return result.config;
}

/** The problems of a result that must be invalid. */
function problemsOf(result: ConfigResult): readonly ConfigProblem[] {
  if (result.ok) assert.fail(`expected problems, got a valid config: ${JSON.stringify(result.config)}`);
  return result.problems;
}

/** Asserts exactly one problem, at `path`, whose message matches. */
function assertOneProblem(json: unknown, path: string, message: RegExp): void {
  const problems = problemsOf(validateConfig(json));
  assert.equal(problems.length, 1, formatProblems(problems));
  assert.equal(problems[0]!.path, path);
  assert.match(problems[0]!.message, message);
}

for (const [name, text] of Object.entries(README_EXAMPLES)) {
  test(`the README's config passes: ${name}`, () => {
    const result = parseConfig(text);
    const config = configOf(result);
    assert.ok(result.ok);
    assert.deepEqual(result.given, JSON.parse(text), 'the keys the file set are kept as given');
    for (const [key, value] of Object.entries(JSON.parse(text) as object)) assert.deepEqual(config[key as keyof typeof config], value, key);
  });
}

test('every later option of the original passes too', () => {
  const config = configOf(
    validateConfig({
      serviceName: 'com.victronenergy.battery.aggregator2',
      cclMode: 'dvcc',
      cvlMode: 'max_when_floating',
      reconnectTimeout: 5,
      startupBatteryWait: 0,
      ir: { maxPercentageError: 0.2, minVoltageChange: 0.05 },
    }),
  );
  assert.equal(config.serviceName, 'com.victronenergy.battery.aggregator2');
  assert.deepEqual(config.ir, { maxPercentageError: 0.2, minVoltageChange: 0.05 });
});

test('defaults are filled in where the file is silent', () => {
  assert.deepEqual(configOf(validateConfig({})), DEFAULT_CONFIG);
  assert.deepEqual(DEFAULT_CONFIG, {
    serviceName: 'com.victronenergy.battery.aggregator',
    excludedServices: [],
    primaryServices: [],
    auxiliaryServices: [],
    capacity: null,
    virtualBatteries: {},
    currentRatioMethod: 'ir',
    cclMode: 'battery+dvcc',
    cvlMode: 'max_when_balancing',
    socMode: 'capacity',
    timeToGoMode: 'bank',
    logLevel: 'INFO',
    reconnectTimeout: 0,
    startupBatteryWait: 30,
    ir: { maxPercentageError: 0.1, minVoltageChange: 0.02 },
    mixedVoltage: { mode: 'exclude', maxDeviation: 0.2, settleTime: 10 },
    doubleCountedShunt: { mode: 'warn', tolerance: 0.05, minCurrent: 2, duration: 60 },
    ownSoc: null,
    cellVoltageGuard: null,
    limitSmoothing: null,
    statusPage: null,
  });
  const config = configOf(validateConfig({ capacity: 200, ir: { minVoltageChange: 0.05 } }));
  assert.equal(config.capacity, 200);
  assert.equal(config.cvlMode, 'max_when_balancing');
  assert.deepEqual(config.ir, { maxPercentageError: 0.1, minVoltageChange: 0.05 }, 'a partial ir keeps the other default');
  const own = configOf(validateConfig({ ownSoc: { tailCurrent: 5 } })).ownSoc;
  assert.deepEqual(
    own,
    { chargeEfficiency: 0.99, floatResets: true, fullVoltageMargin: 0.1, tailCurrent: 5, holdTime: 60, maxStateAge: 86400 },
    'an ownSoc group switches the counter on, with defaults for the options it leaves out',
  );
  assert.equal(configOf(validateConfig({ ownSoc: {} })).ownSoc?.holdTime, 60, 'an empty group is on with every default');
});

test('the cell voltage guard is off when absent; given, its options take defaults', () => {
  const config = configOf(validateConfig({ cellVoltageGuard: { maxCellVoltage: 3.55 } }));
  assert.deepEqual(config.cellVoltageGuard, { maxCellVoltage: 3.55, hysteresis: 0.05, releaseTime: 60, lowerRate: 0.005 });
  const tuned = configOf(validateConfig({ cellVoltageGuard: { maxCellVoltage: 3.6, hysteresis: 0, releaseTime: 5 } }));
  assert.deepEqual(tuned.cellVoltageGuard, { maxCellVoltage: 3.6, hysteresis: 0, releaseTime: 5, lowerRate: 0.005 });
});

test('limit smoothing is off when absent; {} ramps at 2 A/s; a rate must be a positive number', () => {
  assert.equal(configOf(validateConfig({})).limitSmoothing, null);
  assert.deepEqual(configOf(validateConfig({ limitSmoothing: {} })).limitSmoothing, { rampRate: 2 });
  assert.deepEqual(configOf(validateConfig({ limitSmoothing: { rampRate: 0.5 } })).limitSmoothing, { rampRate: 0.5 });
  for (const rampRate of [0, -2, '2', null, true]) assertOneProblem({ limitSmoothing: { rampRate } }, 'limitSmoothing.rampRate', /a rate in A\/s greater than 0/);
});

test('the status page is off when absent; {} serves it on every interface at 8089', () => {
  assert.deepEqual(configOf(validateConfig({ statusPage: {} })).statusPage, { listen: '0.0.0.0:8089' });
  assert.deepEqual(configOf(validateConfig({ statusPage: { listen: '[::1]:80' } })).statusPage, { listen: '[::1]:80' });
  for (const listen of ['127.0.0.1:0', 'gx:', ':8089', 'gx.local', 'gx..local:80', '-gx:80', '::1:80', 'gx:080', 'gx local:80']) {
    assertOneProblem({ statusPage: { listen } }, 'statusPage.listen', /HOST:PORT/);
  }
});

test('the mixed-voltage guard is on by default; a partial group keeps the other defaults, and "off" is the original', () => {
  assert.deepEqual(configOf(validateConfig({ mixedVoltage: { maxDeviation: 0.1 } })).mixedVoltage, { mode: 'exclude', maxDeviation: 0.1, settleTime: 10 });
  assert.equal(configOf(validateConfig({ mixedVoltage: { mode: 'off' } })).mixedVoltage.mode, 'off');
});

test('the shunt detector is on by default (it only warns); a partial group keeps the other defaults', () => {
  assert.deepEqual(configOf(validateConfig({ doubleCountedShunt: { duration: 5 } })).doubleCountedShunt, { mode: 'warn', tolerance: 0.05, minCurrent: 2, duration: 5 });
  assert.equal(configOf(validateConfig({ doubleCountedShunt: { mode: 'off' } })).doubleCountedShunt.mode, 'off');
  assertOneProblem({ doubleCountedShunt: { tolerance: 0 } }, 'doubleCountedShunt.tolerance', /greater than 0 and at most 1/);
  assertOneProblem({ doubleCountedShunt: { minCurrent: -2 } }, 'doubleCountedShunt.minCurrent', /greater than 0/);
});

test('an unknown key is a problem at its path, at the top and inside ir', () => {
  assertOneProblem({ excludedService: [] }, 'excludedService', /unknown key/);
  assertOneProblem({ ir: { maxPercentError: 0.1 } }, 'ir.maxPercentError', /unknown key/);
});

test('a misspelt service name as a map key is a problem, not silently dropped', () => {
  assertOneProblem(
    { virtualBatteries: { 'com.victronenergy.virtual1': ['com.victronenergy.battery.ttyS6'] } },
    'virtualBatteries["com.victronenergy.virtual1"]',
    /battery service name/,
  );
  assertOneProblem({ primaryServices: { 'com.victronenergy.batery.ttyS5': ['/Soc'] } }, 'primaryServices["com.victronenergy.batery.ttyS5"]', /battery service name/);
  assertOneProblem(
    { virtualBatteries: { 'com.victronenergy.battery.virtual1': { ttyS6: ['/Soc'] } } },
    'virtualBatteries["com.victronenergy.battery.virtual1"].ttyS6',
    /battery service name/,
  );
});

test('a wrong type is a problem at its path, saying what was expected and what was found', () => {
  assertOneProblem({ capacity: '200' }, 'capacity', /expected a number greater than 0, got "200"/);
  assertOneProblem({ excludedServices: 'com.victronenergy.battery.ttyS1' }, 'excludedServices', /expected a list/);
  assertOneProblem({ reconnectTimeout: true }, 'reconnectTimeout', /expected a number of 0 or more, got true/);
  assertOneProblem({ ir: 0.1 }, 'ir', /expected an object, got 0.1/);
  assertOneProblem({ primaryServices: 'com.victronenergy.battery.ttyS5' }, 'primaryServices', /a list of services, or a map of service to a list of paths/);
});

test('out-of-range numbers are problems', () => {
  assertOneProblem({ capacity: 0 }, 'capacity', /greater than 0/);
  assertOneProblem({ reconnectTimeout: -1 }, 'reconnectTimeout', /0 or more/);
  assertOneProblem({ ir: { maxPercentageError: -0.1 } }, 'ir.maxPercentageError', /greater than 0/);
});

test('a bad service name is a problem at its path', () => {
  assertOneProblem({ serviceName: 'com.victronenergy.solarcharger.ttyS1' }, 'serviceName', /battery service name/);
  assertOneProblem({ excludedServices: ['com.victronenergy.battery.ttyS1', 'ttyS2'] }, 'excludedServices[1]', /battery service name .* or name:/);
  assertOneProblem({ excludedServices: ['name:'] }, 'excludedServices[0]', /name:<custom name>/);
  assertOneProblem({ serviceName: 'name:Aggregator' }, 'serviceName', /battery service name/);
});

test('a bad D-Bus path is a problem at that path, inside the service selection', () => {
  assertOneProblem({ primaryServices: { 'com.victronenergy.battery.ttyS5': ['Soc'] } }, 'primaryServices["com.victronenergy.battery.ttyS5"][0]', /D-Bus path/);
  assertOneProblem({ auxiliaryServices: { 'com.victronenergy.battery.dev1': ['/Info/'] } }, 'auxiliaryServices["com.victronenergy.battery.dev1"][0]', /D-Bus path/);
  assertOneProblem(
    { virtualBatteries: { 'com.victronenergy.battery.virtual1': { 'com.victronenergy.battery.ttyS6': ['/So c'] } } },
    'virtualBatteries["com.victronenergy.battery.virtual1"]["com.victronenergy.battery.ttyS6"][0]',
    /D-Bus path/,
  );
});

test('keys that are names of Object.prototype members are unknown keys like any other', () => {
  const problems = problemsOf(parseConfig('{"__proto__": {"capacity": 1}, "constructor": 1, "toString": 2}'));
  assert.deepEqual(
    problems.map((p) => `${p.path}: ${p.message}`),
    ['__proto__: unknown key', 'constructor: unknown key', 'toString: unknown key'],
  );
});

test('a bad enum value is a problem listing the allowed values', () => {
  assertOneProblem({ currentRatioMethod: 'resistance' }, 'currentRatioMethod', /one of "ir", "capacity", "count", got "resistance"/);
  assertOneProblem({ cclMode: 'both' }, 'cclMode', /one of "battery\+dvcc", "battery", "dvcc"/);
  assertOneProblem({ cvlMode: 'max' }, 'cvlMode', /"max_when_floating"/);
  assertOneProblem({ logLevel: 'debug' }, 'logLevel', /one of "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", got "debug"/);
});

test('every problem is reported at once', () => {
  const problems = problemsOf(validateConfig({ capacity: -1, cvlMode: 'x', extra: 1, ir: { foo: 1 } }));
  assert.deepEqual(problems.map((p) => p.path).sort(), ['capacity', 'cvlMode', 'extra', 'ir.foo']);
});

test('a file that is not a JSON object is one problem at the top', () => {
  for (const json of [[], null, 3, 'config']) assertOneProblem(json, '', /expected an object/);
});

test('invalid JSON is one problem at the top, saying so', () => {
  for (const text of ['{"capacity": 200', '', '{capacity: 200}', '{"capacity": 200,}']) {
    const problems = problemsOf(parseConfig(text));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, '');
    assert.match(problems[0]!.message, /^invalid JSON/);
  }
});

test('formatProblems writes one line per problem, naming the top level, with the file and line:column when known', () => {
  const problems = [
    { path: '', message: 'invalid JSON: x' },
    { path: 'ir.foo', message: 'unknown key', at: { line: 3, column: 5 } },
  ];
  assert.equal(formatProblems(problems), '(top level): invalid JSON: x\n3:5: ir.foo: unknown key');
  assert.equal(formatProblems(problems, 'config.json'), 'config.json: (top level): invalid JSON: x\nconfig.json:3:5: ir.foo: unknown key');
});
