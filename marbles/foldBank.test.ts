import { test } from 'node:test';
import type { Observable } from 'rxjs';
import { marbleBank, marbleBattery, testScheduler } from './support/marbleBank';
import { foldBank } from '../src/pipeline/foldBank';
import type { Bank, Battery } from '../src/battery/bank';
import type { Value } from '../src/battery/value';
import type { BankTable } from '../src/pipeline/bankTable';

const A = 'com.victronenergy.battery.a';
const B = 'com.victronenergy.battery.b';
const C = 'com.victronenergy.battery.c';

/** The table as text, `a=1,b=null`: a result that compares with `===` and shows row order. */
const rowsOf = (table: BankTable): string => table.rows.map((row) => `${row.id.slice(-1)}=${row.values.join('/')}`).join(',');

/** The sum of every valid number in the table. */
const total = (table: BankTable): number =>
  table.rows.reduce((sum, row) => sum + row.values.reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0), 0);

/** A battery whose every path is the given Observable, so a test can watch who subscribes to it. */
function batteryOn(id: string, value$: Observable<Value>): Battery {
  return { id, value$: () => value$, paths$: value$ as unknown as Observable<string> };
}

test('foldBank emits nothing before the first bank, then a result at once', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a-b', { a: 80, b: 81 }] });
    const bank$ = marbleBank(helpers, '----x', { x: [a] });
    helpers.expectObservable(bank$.pipe(foldBank(['/Soc'], rowsOf))).toBe('----x', { x: 'a=81' });
  });
});

test('foldBank emits once per join, after all the joining battery\'s paths are read, not once per path', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/p1': ['a', { a: 1 }], '/p2': ['a', { a: 2 }], '/p3': ['a', { a: 4 }] });
    const b = marbleBattery(helpers, B, { '/p1': ['a', { a: 8 }], '/p2': ['a', { a: 16 }], '/p3': ['a', { a: 32 }] });
    const c = marbleBattery(helpers, C, { '/p1': ['a', { a: 64 }] });
    const bank$ = marbleBank(helpers, 'x--y', { x: [a], y: [a, b, c] });
    helpers.expectObservable(bank$.pipe(foldBank(['/p1', '/p2', '/p3'], total))).toBe('x--y', { x: 7, y: 127 });
  });
});

test('foldBank runs the reduction after every value change, a join and a leave', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a-b---', { a: 80, b: 79 }] });
    const b = marbleBattery(helpers, B, { '/Soc': ['a--b--', { a: 60, b: null }] });
    const bank$ = marbleBank(helpers, 'x---y-z', { x: [a], y: [a, b], z: [b] });
    helpers.expectObservable(bank$.pipe(foldBank(['/Soc'], rowsOf))).toBe('x-y-z-w', {
      x: 'a=80',
      y: 'a=79',
      z: 'a=79,b=',
      w: 'b=',
    });
  });
});

test('foldBank does not re-emit a result equal to the last one', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/p1': ['a-b-c-d', { a: 1, b: 2, c: 2, d: 3 }], '/p2': ['a--b', { a: 3, b: 3 }] });
    const bank$ = marbleBank(helpers, 'x----y', { x: [a], y: [a] });
    // 1+3, 2+3, 2+3 (p2 sent again), 2+3 (p1 sent again), the same bank again, 3+3
    helpers.expectObservable(bank$.pipe(foldBank(['/p1', '/p2'], total))).toBe('x-y---z', { x: 4, y: 5, z: 6 });
  });
});

test('foldBank drops a restarted battery\'s old values: a new object with the same id starts with a fresh row', () => {
  testScheduler().run((helpers) => {
    const old = marbleBattery(helpers, A, { '/Soc': ['a----b', { a: 80, b: 10 }] });
    const restarted = marbleBattery(helpers, A, { '/Soc': ['----c', { c: 75 }] });
    const bank$ = marbleBank(helpers, 'x-y', { x: [old], y: [restarted] });
    // The old object's later value (10 at frame 5) must not reach the fold either.
    helpers.expectObservable(bank$.pipe(foldBank(['/Soc'], rowsOf))).toBe('x-y-z', { x: 'a=80', y: 'a=', z: 'a=75' });
  });
});

test('foldBank unsubscribes from a battery\'s Observables when it leaves, and from the restarted object\'s predecessor', () => {
  testScheduler().run((helpers) => {
    const aValues = helpers.hot<Value>('-');
    const bValues = helpers.hot<Value>('-');
    const restartedValues = helpers.hot<Value>('-');
    const a = batteryOn(A, aValues);
    const b = batteryOn(B, bValues);
    const restartedB = batteryOn(B, restartedValues);
    const bank$ = marbleBank(helpers, '-x--y--z---e', { x: [a, b], y: [b], z: [restartedB], e: [] });
    helpers.expectObservable(bank$.pipe(foldBank(['/Soc'], (table) => table.size)));
    helpers.expectSubscriptions(aValues.subscriptions).toBe('-^--!');
    helpers.expectSubscriptions(bValues.subscriptions).toBe('-^-----!');
    helpers.expectSubscriptions(restartedValues.subscriptions).toBe('-------^---!');
  });
});

test('foldBank subscribes to each path of a battery once, and lets go of all of them when its output is unsubscribed', () => {
  testScheduler().run((helpers) => {
    const values = helpers.hot<Value>('-');
    const a = batteryOn(A, values);
    const bank$ = marbleBank(helpers, 'x', { x: [a] });
    helpers.expectObservable(bank$.pipe(foldBank(['/p1', '/p2'], (table) => table.size)), '--^---!');
    helpers.expectSubscriptions(values.subscriptions).toBe(['--^---!', '--^---!']);
  });
});

test('foldBank keeps rows sorted by id, so the output does not depend on the order batteries joined in', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 1 }] });
    const b = marbleBattery(helpers, B, { '/Soc': ['b', { b: 2 }] });
    const c = marbleBattery(helpers, C, { '/Soc': ['c', { c: 3 }] });
    const oneOrder$ = marbleBank(helpers, 'x-y-z', { x: [c], y: [c, a], z: [c, a, b] });
    const otherOrder$ = marbleBank(helpers, 'x-y-z', { x: [b], y: [a, b], z: [b, c, a] });
    helpers.expectObservable(oneOrder$.pipe(foldBank(['/Soc'], rowsOf))).toBe('x-y-z', { x: 'c=3', y: 'a=1,c=3', z: 'a=1,b=2,c=3' });
    helpers.expectObservable(otherOrder$.pipe(foldBank(['/Soc'], rowsOf))).toBe('x-y-z', { x: 'b=2', y: 'a=1,b=2', z: 'a=1,b=2,c=3' });
  });
});

test('foldBank reduces an empty bank, and a bank that empties', () => {
  testScheduler().run((helpers) => {
    const a = marbleBattery(helpers, A, { '/Soc': ['a', { a: 1 }] });
    const bank$ = marbleBank(helpers, 'e-x-e', { e: [], x: [a] });
    helpers.expectObservable(bank$.pipe(foldBank(['/Soc'], (table) => table.size))).toBe('e-x-e', { e: 0, x: 1 });
  });
});

test('foldBank completes when the bank stream completes, and passes its error on', () => {
  testScheduler().run((helpers) => {
    const values = helpers.hot<Value>('-');
    const a = batteryOn(A, values);
    const banks: Record<string, Bank> = { x: new Map([[A, a]]), e: new Map() };
    const completing$ = helpers.hot<Bank>('x--|', banks);
    const failing$ = helpers.hot<Bank>('x--e-#', banks, new Error('bus gone'));
    helpers.expectObservable(completing$.pipe(foldBank(['/Soc'], (table) => table.size))).toBe('x--|', { x: 1 });
    helpers.expectObservable(failing$.pipe(foldBank(['/Soc'], (table) => table.size))).toBe('x--e-#', { x: 1, e: 0 }, new Error('bus gone'));
    helpers.expectSubscriptions(values.subscriptions).toBe(['^--!', '^--!']);
  });
});
