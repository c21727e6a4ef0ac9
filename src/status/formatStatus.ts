import type { BatteryStatus, LimitStatus, StatusSnapshot } from './statusSnapshot';

/**
 * Text from the bus (names, reasons) goes to a terminal: its control characters (escape sequences could
 * move the cursor, retitle the window, or worse) are shown as `\xNN` instead.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const fixed = (value: number | null, digits: number, unit: string): string => (value === null ? '-' : `${value.toFixed(digits)} ${unit}`);
const percent = (share: number | null): string => (share === null ? '-' : `${(share * 100).toFixed(1)} %`);

function limitLine(label: string, limit: LimitStatus, digits: number, unit: string): string {
  return `  ${label} ${fixed(limit.value, digits, unit).padStart(9)}  ${limit.reason === null ? '' : escapeControl(limit.reason)}`;
}

/** One screen: the bank, its limits and their reasons, then one block per battery. */
export function formatStatus(s: StatusSnapshot): string {
  const b = s.bank;
  const lines = [
    `${escapeControl(s.service)}`,
    `  ${fixed(b.voltage, 2, 'V')}  ${fixed(b.current, 1, 'A')}  ${fixed(b.power, 0, 'W')}  SoC ${fixed(b.soc, 1, '%')}`,
    limitLine('CCL', b.ccl, 1, 'A'),
    limitLine('DCL', b.dcl, 1, 'A'),
    limitLine('CVL', b.cvl, 2, 'V'),
    '',
    `${s.batteries.length} ${s.batteries.length === 1 ? 'battery' : 'batteries'}`,
  ];
  for (const battery of s.batteries) lines.push(...batteryLines(battery));
  return `${lines.join('\n')}\n`;
}

function batteryLines(b: BatteryStatus): string[] {
  const estimate = b.resistance === null ? 'R/E not settled' : `R ${(b.resistance * 1000).toFixed(2)} mOhm, E ${fixed(b.emf, 2, 'V')}`;
  return [
    `- ${escapeControl(b.name)} (${escapeControl(b.service)}): ${escapeControl(b.role)}`,
    `    ${fixed(b.voltage, 2, 'V')}  ${fixed(b.current, 1, 'A')}  SoC ${fixed(b.soc, 1, '%')}   own CCL ${fixed(b.ccl, 1, 'A')}, DCL ${fixed(b.dcl, 1, 'A')}, CVL ${fixed(b.cvl, 2, 'V')}`,
    `    share of bank current: measured ${percent(b.measuredShare)}, split assumes ${percent(b.assumedShare)}; ${estimate}`,
  ];
}
