import type { BusValue } from '../../bus/busValue';
import type { ServiceSnapshot } from '../../app/serviceSnapshots';

/** The columns of the demo's table: a path, a heading, and how to show its value. */
interface Column {
  readonly heading: string;
  readonly path: string;
  readonly width: number;
  readonly show: (value: number | string) => string;
}

const fixed = (decimals: number, unit: string) => (v: number | string) => (typeof v === 'number' ? `${v.toFixed(decimals)}${unit}` : v);
const text = (v: number | string) => String(v);

export const COLUMNS: readonly Column[] = [
  { heading: 'Voltage', path: '/Dc/0/Voltage', width: 8, show: fixed(2, ' V') },
  { heading: 'Current', path: '/Dc/0/Current', width: 9, show: fixed(1, ' A') },
  { heading: 'Power', path: '/Dc/0/Power', width: 8, show: fixed(0, ' W') },
  { heading: 'SoC', path: '/Soc', width: 7, show: fixed(1, ' %') },
  { heading: 'Temp', path: '/Dc/0/Temperature', width: 7, show: fixed(1, ' °C') },
  { heading: 'CCL', path: '/Info/MaxChargeCurrent', width: 8, show: fixed(1, ' A') },
  { heading: 'DCL', path: '/Info/MaxDischargeCurrent', width: 8, show: fixed(1, ' A') },
  { heading: 'CVL', path: '/Info/MaxChargeVoltage', width: 8, show: fixed(2, ' V') },
  { heading: 'Mode', path: '/Info/ChargeMode', width: 21, show: text },
  { heading: 'Min cell', path: '/System/MinCellVoltage', width: 8, show: fixed(3, ' V') },
  { heading: 'Max cell', path: '/System/MaxCellVoltage', width: 8, show: fixed(3, ' V') },
];

/** Every path the table shows, for the snapshot to follow. */
export const TABLE_PATHS: readonly string[] = [...COLUMNS.map((c) => c.path), '/System/NrOfBatteries', '/CustomName'];

const NAME_WIDTH = 20;
const INVALID = '—';

function cell(value: BusValue | undefined, column: Column): string {
  const shown = value === null || value === undefined ? INVALID : column.show(value);
  return column.heading === 'Mode' ? shown.slice(0, column.width).padEnd(column.width) : shown.padStart(column.width);
}

function row(name: string, values: ReadonlyMap<string, BusValue>): string {
  return [name.slice(0, NAME_WIDTH).padEnd(NAME_WIDTH), ...COLUMNS.map((c) => cell(values.get(c.path), c))].join('  ');
}

/**
 * The demo's table: one row per battery, then a rule, then the aggregate. Pure: snapshots in, text out.
 */
export function renderTable(batteries: readonly ServiceSnapshot[], aggregate: ServiceSnapshot | undefined): string {
  const heading = ['Battery'.padEnd(NAME_WIDTH), ...COLUMNS.map((c) => (c.heading === 'Mode' ? c.heading.padEnd(c.width) : c.heading.padStart(c.width)))].join('  ');
  const short = (name: string) => name.replace(/^com\.victronenergy\.battery\./, '');
  const lines = [heading, ...batteries.map((b) => row(short(b.name), b.values))];
  if (batteries.length === 0) lines.push('(no batteries on the bus)');
  lines.push('─'.repeat(heading.length));
  if (aggregate) {
    const count = aggregate.values.get('/System/NrOfBatteries');
    lines.push(row(`${short(aggregate.name)} (${String(count ?? 0)})`, aggregate.values));
  } else {
    lines.push('(aggregator not registered yet)');
  }
  return lines.join('\n');
}
