import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withDefaults } from '../../../src/config/defaults';
import type { ConfigFile } from '../../../src/config/codec';
import type { Value } from '../../../src/battery/value';
import { escapeControl, formatStatus } from '../../../src/status/formatStatus';
import { statusSnapshot } from '../../../src/status/statusSnapshot';

const B = 'com.victronenergy.battery.';
const items = (values: Record<string, Value>) => new Map(Object.entries(values));

test('control characters from the bus are shown escaped, printable text as it is', () => {
  assert.equal(escapeControl('a\x1b]0;pwned\x07b\u009bc ü'), 'a\\x1b]0;pwned\\x07b\\x9bc ü');
});

test('roles: aggregated, primary with its paths, auxiliary, excluded, a virtual battery\'s member (by custom name), not aggregated', () => {
  const config = withDefaults({
    primaryServices: { [`${B}bms`]: ['/Soc'] },
    auxiliaryServices: [`${B}aux`],
    excludedServices: [`${B}shunt`],
    virtualBatteries: { [`${B}virtual1`]: ['name:Pack A'] },
  } as unknown as ConfigFile);
  const aggregate = items({ '/System/Batteries': JSON.stringify([`${B}a`, `${B}virtual1`]), '/System/CurrentShares': '[0.5,0.5]', '/System/InternalResistances': '[0.004,null]', '/System/EMFs': '[53.1,null]' });
  const batteries = new Map([
    [`${B}a`, items({ '/Dc/0/Current': 10 })],
    [`${B}virtual1`, items({ '/Dc/0/Current': 30 })],
    [`${B}bms`, items({})],
    [`${B}aux`, items({})],
    [`${B}shunt`, items({})],
    [`${B}packa`, items({ '/CustomName': 'Pack A' })],
    [`${B}other`, items({})],
  ]);
  const snapshot = statusSnapshot(config, aggregate, batteries);
  const role = (service: string) => snapshot.batteries.find((b) => b.service === `${B}${service}`)!.role;
  assert.equal(role('a'), 'aggregated');
  assert.equal(role('virtual1'), 'aggregated (virtual)');
  assert.equal(role('bms'), 'primary (/Soc)');
  assert.equal(role('aux'), 'auxiliary (all paths)');
  assert.equal(role('shunt'), 'excluded');
  assert.equal(role('packa'), 'member of virtual1');
  assert.equal(role('other'), 'not aggregated');
  const a = snapshot.batteries.find((b) => b.service === `${B}a`)!;
  assert.deepEqual([a.measuredShare, a.assumedShare, a.resistance, a.emf], [0.25, 0.5, 0.004, 53.1]);
  assert.match(formatStatus(snapshot), /R 4\.00 mOhm, E 53\.10 V/);
});

test('a battery the mixed-voltage guard leaves out shows why, from /System/ExcludedBatteries', () => {
  const aggregate = items({
    '/System/Batteries': JSON.stringify([`${B}a`]),
    '/System/ExcludedBatteries': JSON.stringify({ [`${B}small`]: 'mixed voltage: 25.6 V, the bank 51.2 V' }),
  });
  const batteries = new Map([
    [`${B}a`, items({ '/Dc/0/Voltage': 51.2 })],
    [`${B}small`, items({ '/Dc/0/Voltage': 25.6 })],
  ]);
  const snapshot = statusSnapshot(withDefaults({}), aggregate, batteries);
  assert.equal(snapshot.batteries.find((b) => b.service === `${B}small`)!.role, 'left out: mixed voltage: 25.6 V, the bank 51.2 V');
  assert.equal(statusSnapshot(withDefaults({}), items({ '/System/ExcludedBatteries': '[' }), batteries).batteries[1]!.role, 'not aggregated', 'a malformed list is ignored');
});

test('an aggregated battery that has left the bus (held for reconnectTimeout) is shown as off the bus', () => {
  const aggregate = items({ '/System/Batteries': JSON.stringify([`${B}a`, `${B}gone`]) });
  const snapshot = statusSnapshot(withDefaults({ reconnectTimeout: 60 } as ConfigFile), aggregate, new Map([[`${B}a`, items({ '/Dc/0/Current': 10 })]]));
  assert.deepEqual(
    snapshot.batteries.map((b) => [b.name, b.role]),
    [
      ['a', 'aggregated'],
      ['gone', 'aggregated, off the bus: its last values held for reconnectTimeout (60 s)'],
    ],
  );
});
