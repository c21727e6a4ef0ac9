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

// a no-break space: a narrow card never puts the unit alone on the next line
const fixed = (value: number | null, digits: number, unit: string): string => (value === null ? '–' : `${value.toFixed(digits)}\u00a0${unit}`);
const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)}\u00a0%`);

/** A bus name that may wrap after its dots rather than mid-word on a phone (`<wbr>`, nothing copied). */
function breakable(name: string): Node[] {
  return name.split(/(?<=\.)/).flatMap((part, i) => (i === 0 ? [document.createTextNode(part)] : [document.createElement('wbr'), document.createTextNode(part)]));
}

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
  const card = el('article', 'battery', el('h3', null, b.name), el('p', 'service', ...breakable(b.service)), el('span', 'role', b.role), list);
  card.dataset.service = b.service;
  return card;
}

function render(s: StatusSnapshot): void {
  $('service').replaceChildren(...breakable(s.service));
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

interface SeriesSpec {
  readonly label: string;
  /** The unit, also the scale's key: series of one unit share an axis. */
  readonly scale: string;
  readonly values: Array<number | null>;
  /** Drawn dashed: DCL equals CCL on many banks and would hide under it. */
  readonly dash?: number[];
}

interface PlotSpec {
  readonly id: string;
  readonly title: string;
  /** The A axis starts at 0: limits are magnitudes, and a flat line would otherwise sit mid-plot like any other. */
  readonly fromZero?: boolean;
  series(h: HistorySeries): SeriesSpec[];
}

const PLOTS: PlotSpec[] = [
  { id: 'plot-voltage', title: 'Bank voltage (V)', series: (h) => [{ label: 'Voltage', scale: 'V', values: h.bank.voltage }] },
  { id: 'plot-current', title: 'Bank current (A)', series: (h) => [{ label: 'Current', scale: 'A', values: h.bank.current }] },
  { id: 'plot-soc', title: 'State of charge (%)', series: (h) => [{ label: 'SoC', scale: '%', values: h.bank.soc }] },
  {
    id: 'plot-limits',
    fromZero: true,
    title: 'Limits: CCL, DCL (A), CVL (V)',
    series: (h) => [
      { label: 'CCL', scale: 'A', values: h.bank.ccl },
      { label: 'DCL', scale: 'A', values: h.bank.dcl, dash: [6, 4] },
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

const DIGITS: Record<string, number> = { V: 2, A: 1, '%': 1 };
const AXIS_FONT = '12px system-ui, sans-serif';
const measure = document.createElement('canvas').getContext('2d')!;
measure.font = AXIS_FONT;

/** A y axis as wide as its longest tick label (a fixed width cut `52.685` to `2.685`). */
const axisSize: uPlot.Axis.Size = (_self, values) => {
  const longest = Math.max(0, ...(values ?? []).map((v) => measure.measureText(String(v)).width));
  return Math.max(40, Math.ceil(longest) + 18); // ticks 10 + gap 5 + a margin
};

/**
 * The legend shows the value under the cursor, and the latest bucket's when the cursor is elsewhere (not
 * uPlot's `--`); a battery off the bus now shows `–`, not its last value.
 */
const legendValue = (unit: string): uPlot.Series.Value => (self, raw, seriesIdx, idx) => {
  const column = self.data[seriesIdx]!;
  const value = idx === null ? column[column.length - 1] : raw;
  return value === null || value === undefined ? '–' : fixed(value, DIGITS[unit] ?? 2, unit);
};
/**
 * Time ticks as the clock reads (seconds only when ticks are closer than a minute). uPlot's default adds a date
 * line under the first tick, which the left axis cut to `2/7/26` on narrow axes; 24 h needs no date.
 */
const two = (n: number) => String(n).padStart(2, '0');
const timeTicks: uPlot.Axis.DynamicValues = (_self, splits, _axis, _space, increment) =>
  splits.map((t) => {
    const d = new Date(t * 1000);
    return `${two(d.getHours())}:${two(d.getMinutes())}${increment < 60 ? `:${two(d.getSeconds())}` : ''}`;
  });
const legendTime: uPlot.Series.Value = (_self, raw, _seriesIdx, idx) => (idx === null || raw === null ? 'latest' : new Date(raw * 1000).toLocaleTimeString());

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
    const fromZero: uPlot.Scale.Range = (_self, min, max) => [Math.min(0, min), Math.max(0, max) * 1.1 || 1];
    const options: uPlot.Options = {
      width: widthOf(box),
      height: PLOT_HEIGHT,
      legend: { show: true },
      // room on the right for the last time tick's label, which a plot without a right axis clipped
      padding: [null, scales.length > 1 ? null : 32, null, null],
      scales: { x: { time: true }, ...(spec.fromZero === true && { A: { range: fromZero } }) },
      series: [
        { label: 'Time', value: legendTime },
        ...series.map((s, i) => ({ label: s.label, scale: s.scale, stroke: COLORS[i % COLORS.length]!, width: 1.5, spanGaps: false, value: legendValue(s.scale), ...(s.dash && { dash: s.dash }) })),
      ],
      // space: the least pixels between time ticks, so that `09:27:54` labels do not touch
      axes: [{ font: AXIS_FONT, values: timeTicks, space: 80 }, ...scales.map((scale, i) => ({ scale, side: i === 0 ? 3 : 1, grid: { show: i === 0 }, size: axisSize, font: AXIS_FONT }))],
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
    // back after a loss: the daemon may have restarted with a new history, so redraw now, not at the next period
    if (state.className === 'connection lost') loadHistory().catch(() => undefined);
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
    // A network error is retried by the browser; an answer other than 200 (503: too many live clients) closes
    // the EventSource for good, so the page opens a new one itself, after the server's Retry-After.
    if (events.readyState === EventSource.CLOSED) window.setTimeout(connect, RECONNECT_MS);
  });
}

const RECONNECT_MS = 10_000;

/** After a failed load (the daemon restarting), soon: not a whole bucket (a minute) of stale plots. */
const HISTORY_RETRY_S = 5;

async function refreshHistory(): Promise<void> {
  let seconds = HISTORY_RETRY_S;
  try {
    seconds = await loadHistory();
  } catch {
    // the daemon restarting: try again shortly
  }
  window.setTimeout(() => void refreshHistory(), Math.max(2, Math.min(seconds, 60)) * 1000);
}

connect();
void refreshHistory();
