import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Variant } from 'dbus-next';
import { publishBattery, type TestBattery } from '../../helpers/testBattery';
import { getValue, setValue } from '../../helpers/busClient';
import { LOG_LEVELS } from '../../../src/log/logger';
import { MAX_TEXT_LENGTH } from '../../../src/bus/busValue';
import { AGGREGATE, assertServiceUp, snapshot, startFaultBus, type FaultBus } from './faultBus';

const A = 'com.victronenergy.battery.ttyA';
const BUS_ITEM = 'com.victronenergy.BusItem';

/** One value of every D-Bus type, and the awkward ones: huge, empty, nested, variants of variants. */
const VARIANTS: Variant[] = [
  new Variant('y', 7),
  new Variant('b', true),
  new Variant('n', -3),
  new Variant('q', 3),
  new Variant('i', -2147483648),
  new Variant('u', 4294967295),
  new Variant('x', -(2n ** 63n) + 1n), // dbus-next cannot marshal -2^63 itself
  new Variant('t', 2n ** 64n - 1n),
  new Variant('d', 1.5),
  new Variant('d', -0),
  new Variant('d', 1.7976931348623157e308),
  new Variant('s', ''),
  new Variant('s', 'INFO'),
  new Variant('s', 'WARNING'),
  new Variant('s', 'House bank'),
  new Variant('s', 'debug'),
  new Variant('s', 'x'.repeat(65)),
  new Variant('s', 'x'.repeat(MAX_TEXT_LENGTH + 1)),
  new Variant('s', 'y'.repeat(100_000)),
  new Variant('s', 'a\nb\u0007c\u001b[31m'), // D-Bus strings cannot hold NUL
  new Variant('o', '/Soc'),
  new Variant('g', 'a{sv}'),
  new Variant('ai', []),
  new Variant('as', []),
  new Variant('ai', [1, 2]),
  new Variant('as', ['INFO']),
  new Variant('ay', Buffer.from([1, 2, 3])),
  new Variant('aai', [[1], [2, 3]]),
  new Variant('(is)', [1, 'INFO']),
  new Variant('a(id)', [[1, 2.5]]),
  new Variant('a{sv}', { Value: new Variant('s', 'INFO') }),
  new Variant('a{ss}', { a: 'b' }),
  new Variant('a{sa{sv}}', { '/Soc': { Value: new Variant('d', 1) } }),
  new Variant('v', new Variant('s', 'INFO')),
  new Variant('v', new Variant('v', new Variant('v', new Variant('i', 1)))),
];

const WRITABLE: Record<string, (text: string) => boolean> = {
  '/LogLevel': (text) => (LOG_LEVELS as readonly string[]).includes(text),
  '/CustomName': (text) => text.length <= 64,
};

/** The protocol's answer: 1 read-only or not of the path's type, 2 refused by the path, 0 taken. */
function expectedCode(path: string, variant: Variant): number {
  const accepts = WRITABLE[path];
  if (!accepts) return 1;
  const emptyArray = /^a[^{]/.test(variant.signature) && (variant.value as unknown[]).length === 0;
  if (emptyArray) return 2; // any empty array is the invalid marker: of the path's type, but refused
  if (!['s', 'o', 'g'].includes(variant.signature)) return 1;
  const text = variant.value as string;
  if (text.length > MAX_TEXT_LENGTH) return 1;
  return accepts(text) ? 0 : 2;
}

const describeVariant = (v: Variant) => `${v.signature} ${JSON.stringify(v.value, (_, x: unknown) => (typeof x === 'bigint' ? String(x) : x))?.slice(0, 30)}`;

/** SetValue with every D-Bus type on every published path: the protocol's codes, no crash, read-only paths unchanged. */
describe('SetValue fuzz on every path of the aggregate', () => {
  let faults: FaultBus;
  let a: TestBattery;

  before(async () => {
    faults = await startFaultBus(async (address) => {
      a = await publishBattery(address, A, {
        '/Soc': 60,
        '/Dc/0/Voltage': 52,
        '/Dc/0/Current': -10,
        '/Info/MaxChargeCurrent': 50,
        '/Info/ChargeMode': 'Bulk',
        '/System/MinCellVoltage': 3.2,
        '/System/MinVoltageCellId': 'C1',
        '/Alarms/LowSoc': 1,
        '/Io/AllowToCharge': 1,
      });
    });
  });

  after(async () => {
    await a?.stop();
    await faults?.stop();
  });

  test('every path answers every type with the protocol code; only /LogLevel and /CustomName change', async () => {
    const before = await snapshot(faults.client, AGGREGATE);
    const paths = [...before.keys()];
    assert.ok(paths.length > 40, `${paths.length} paths`);
    let calls = 0;
    for (const path of paths) {
      // One path at a time (a writable path's value depends on the order), every variant at once.
      const codes = await Promise.all(VARIANTS.map((variant) => setValue(faults.client, AGGREGATE, path, variant)));
      codes.forEach((code, i) => assert.equal(code, expectedCode(path, VARIANTS[i]!), `SetValue(${describeVariant(VARIANTS[i]!)}) on ${path}`));
      calls += codes.length;
    }
    await assertServiceUp(faults.client);
    const afterwards = await snapshot(faults.client, AGGREGATE);
    for (const path of paths) {
      if (path in WRITABLE) continue;
      assert.deepEqual(afterwards.get(path), before.get(path), `${path} is read-only`);
    }
    assert.deepEqual(afterwards.get('/CustomName'), { signature: 's', value: 'a{sv}' }, 'the last name accepted (a signature is text too)');
    console.log(`SetValue fuzz: ${calls} calls on ${paths.length} paths with ${VARIANTS.length} values each`);
  });

  test('the last accepted value of each writable path is the one published', async () => {
    assert.equal(await setValue(faults.client, AGGREGATE, '/LogLevel', new Variant('s', 'INFO')), 0);
    assert.equal((await getValue(faults.client, AGGREGATE, '/LogLevel')).value, 'INFO');
    assert.equal(await setValue(faults.client, AGGREGATE, '/CustomName', new Variant('s', 'House bank')), 0);
    assert.equal((await getValue(faults.client, AGGREGATE, '/CustomName')).value, 'House bank');
  });

  test('SetValue without an argument, with the wrong signature or two arguments: code 1; tree nodes have no SetValue', async () => {
    const call = async (path: string, signature: string, body: unknown[]) =>
      (await faults.client.call({ destination: AGGREGATE, path, interface: BUS_ITEM, member: 'SetValue', signature, body }, 5000)).body[0];
    assert.equal(await call('/LogLevel', '', []), 1);
    assert.equal(await call('/LogLevel', 's', ['INFO']), 1);
    assert.equal(await call('/LogLevel', 'vv', [new Variant('s', 'INFO'), new Variant('s', 'INFO')]), 1);
    assert.equal(await call('/Soc', 'i', [1]), 1);
    const unknownMethod = (err: unknown) => (err as { type?: string }).type === 'org.freedesktop.DBus.Error.UnknownMethod';
    for (const node of ['/', '/Dc', '/Dc/0', '/No/Such/Path']) {
      await assert.rejects(call(node, 'v', [new Variant('d', 1)]), unknownMethod, node);
    }
    await assertServiceUp(faults.client);
  });
});
