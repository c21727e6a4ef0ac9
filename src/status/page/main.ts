/// <reference lib="dom" />
import uPlot from 'uplot';
import type { HistorySeries } from '../history';
import type { BatteryStatus, LimitStatus, StatusSnapshot } from '../statusSnapshot';

/**
 * The status page: the `status` snapshot, live over Server-Sent Events, and the last 24 h as plots. Everything
 * from the bus (names, roles, reasons) is set as text, never parsed as HTML. Every request goes to the daemon
 * that served the page.
 */

const $ = (id: string) => document.getElementById(id)!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== null) node.className = className;
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

const fixed = (value: number | null, digits: number, unit: string): string => (value === null ? '–' : `${value.toFixed(digits)} ${unit}`);
const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

function reading(label: string, value: string): HTMLElement {
  return el('div', 'reading', el('span', 'label', label), el('span', 'value', value));
}

function limitRow(label: string, limit: LimitStatus, digits: number, unit: string): HTMLTableRowElement {
  return el('tr', null, el('td', null, label), el('td', null, fixed(limit.value, digits, unit)), el('td', null, limit.reason ?? ''));
}

function batteryCard(b: BatteryStatus): HTMLElement {
  const rows: Array<[string, string]> = [
    ['Voltage', fixed(b.voltage, 2, 'V')],
    ['Current', fixed(b.current, 1, 'A')],
    ['SoC', fixed(b.soc, 1, '%')],
    ['Own limits', `CCL ${fixed(b.ccl, 1, 'A')}, DCL ${fixed(b.dcl, 1, 'A')}, CVL ${fixed(b.cvl, 2, 'V')}`],
    ['Share', `measured ${percent(b.measuredShare)}, split assumes ${percent(b.assumedShare)}`],
    ['R / E', b.resistance === null ? 'not settled' : `${(b.resistance * 1000).toFixed(2)} mΩ, ${fixed(b.emf, 2, 'V')}`],
  ];
  const list = el('dl', null);
  for (const [term, value] of rows) list.append(el('dt', null, term), el('dd', null, value));
  const card = el('article', 'battery', el('h3', null, b.name), el('p', 'service', b.service), el('span', 'role', b.role), list);
  card.dataset.service = b.service;
  return card;
}

function render(s: StatusSnapshot): void {
  $('service').textContent = s.service;
  document.title = `${s.service} status`;
  const b = s.bank;
  $('bank-readings').replaceChildren(reading('Voltage', fixed(b.voltage, 2, 'V')), reading('Current', fixed(b.current, 1, 'A')), reading('Power', fixed(b.power, 0, 'W')), reading('SoC', fixed(b.soc, 1, '%')));
  $('bank-limits').querySelector('tbody')!.replaceChildren(limitRow('CCL', b.ccl, 1, 'A'), limitRow('DCL', b.dcl, 1, 'A'), limitRow('CVL', b.cvl, 2, 'V'));
  $('batteries-title').textContent = `Batteries (${s.batteries.length})`;
  const cards = s.batteries.map(batteryCard);
  $('batteries').replaceChildren(...(cards.length > 0 ? cards : [el('p', 'empty', 'No battery on the bus.')]));
}

// ---- plots ----

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
const PLOT_HEIGHT = 180;

interface PlotSpec {
  readonly id: string;
  readonly title: string;
  /** Series labels with their scale (unit) and data. */
  series(h: HistorySeries): Array<{ label: string; scale: string; values: Array<number | null> }>;
}

const PLOTS: PlotSpec[] = [
  { id: 'plot-voltage', title: 'Bank voltage (V)', series: (h) => [{ label: 'Voltage', scale: 'V', values: h.bank.voltage }] },
  { id: 'plot-current', title: 'Bank current (A)', series: (h) => [{ label: 'Current', scale: 'A', values: h.bank.current }] },
  { id: 'plot-soc', title: 'State of charge (%)', series: (h) => [{ label: 'SoC', scale: '%', values: h.bank.soc }] },
  {
    id: 'plot-limits',
    title: 'Limits: CCL, DCL (A), CVL (V)',
    series: (h) => [
      { label: 'CCL', scale: 'A', values: h.bank.ccl },
      { label: 'DCL', scale: 'A', values: h.bank.dcl },
      { label: 'CVL', scale: 'V', values: h.bank.cvl },
    ],
  },
  {
    id: 'plot-batteries',
    title: 'Each battery\u2019s current (A)',
    series: (h) => Object.entries(h.batteries).map(([service, values]) => ({ label: service.replace(/^com\.victronenergy\.battery\./, ''), scale: 'A', values })),
  },
];

interface Drawn {
  plot: uPlot;
  shape: string;
}
const drawn = new Map<string, Drawn>();

function widthOf(container: HTMLElement): number {
  return Math.max(200, container.clientWidth);
}

function drawPlots(h: HistorySeries): void {
  const root = $('plots');
  for (const spec of PLOTS) {
    let box = document.getElementById(spec.id);
    if (box === null) {
      box = el('figure', 'plot', el('h3', null, spec.title));
      box.id = spec.id;
      root.append(box);
    }
    const series = spec.series(h);
    const data = [h.times, ...series.map((s) => s.values)] as uPlot.AlignedData;
    box.dataset.points = String(h.times.length);
    box.dataset.values = String(series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0));
    const shape = series.map((s) => `${s.label}/${s.scale}`).join(',');
    const current = drawn.get(spec.id);
    if (current !== undefined && current.shape === shape) {
      current.plot.setData(data);
      continue;
    }
    current?.plot.destroy();
    const scales = [...new Set(series.map((s) => s.scale))];
    const options: uPlot.Options = {
      width: widthOf(box),
      height: PLOT_HEIGHT,
      legend: { show: true },
      scales: { x: { time: true } },
      series: [{}, ...series.map((s, i) => ({ label: s.label, scale: s.scale, stroke: COLORS[i % COLORS.length]!, width: 1.5, spanGaps: false }))],
      axes: [{}, ...scales.map((scale, i) => ({ scale, side: i === 0 ? 3 : 1, grid: { show: i === 0 }, size: 50 }))],
    };
    drawn.set(spec.id, { plot: new uPlot(options, data, box), shape });
  }
}

async function loadHistory(): Promise<number> {
  const response = await fetch('/history.json', { cache: 'no-store' });
  const h = (await response.json()) as HistorySeries;
  drawPlots(h);
  return h.bucketSeconds;
}

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    for (const [id, { plot }] of drawn) plot.setSize({ width: widthOf(document.getElementById(id)!), height: PLOT_HEIGHT });
  }, 100);
});

// ---- live ----

function connect(): void {
  const state = $('connection');
  const events = new EventSource('/events');
  events.addEventListener('open', () => {
    state.textContent = 'live';
    state.className = 'connection live';
  });
  events.addEventListener('status', (event) => {
    render(JSON.parse((event as MessageEvent<string>).data) as StatusSnapshot);
    state.textContent = `live, updated ${new Date().toLocaleTimeString()}`;
    state.className = 'connection live';
  });
  events.addEventListener('error', () => {
    state.textContent = 'connection lost, retrying…';
    state.className = 'connection lost';
  });
}

async function refreshHistory(): Promise<void> {
  let seconds = 60;
  try {
    seconds = await loadHistory();
  } catch {
    // the daemon restarting: try again at the next period
  }
  window.setTimeout(() => void refreshHistory(), Math.max(2, Math.min(seconds, 60)) * 1000);
}

connect();
void refreshHistory();
