/**
 * Counters as people read them. Rates come from the helper in packets and
 * bytes per second (CounterSample); they are shown in packets/s and bits/s.
 * `compact` fits any rate into a node (four characters at most: 999, 1.2k,
 * 12k, 123k, 1.2M); the long forms, with thousands separators, are for
 * panels, tooltips and the plot's legend.
 */
import { DROP_REASONS, type CounterSample, type DropReason } from '../../../common/protocol/helper.js';

const PREFIXES = ['', 'k', 'M', 'G', 'T'] as const;

/** A number scaled by thousands and its SI prefix: 1234 → ["1.2", "k"]. */
function scaled(value: number): [number: string, prefix: string] {
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 999.5 && unit < PREFIXES.length - 1) {
    v /= 1000;
    unit++;
  }
  const digits = unit === 0 || Math.abs(v) >= 9.995 ? 0 : 1;
  return [v.toFixed(digits), PREFIXES[unit] as string];
}

/** Compact figures for counters: 1234 → "1.2k". */
export function compact(value: number): string {
  return scaled(value).join('');
}

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A count with thousands separators: 1234567 → "1,234,567". */
export const grouped = (value: number): string => grouping.format(value);

/** Packets per second, in full: "1,234 pps". */
export const packetRate = (pps: number): string => `${grouped(pps)} pps`;

/** Bytes per second as bits per second: 1500 B/s → "12 kbit/s". */
export function bitRate(bytesPerSecond: number): string {
  const [number, prefix] = scaled(bytesPerSecond * 8);
  return `${number} ${prefix}bit/s`;
}

/** How users read a drop reason (the reasons are listed once, in the protocol). */
export const DROP_REASON_WORDS: Readonly<Record<DropReason, string>> = {
  loss: 'loss',
  queueFull: 'queue full',
  noCarrier: 'no carrier',
  noDest: 'no destination',
  partition: 'partition',
  prog: 'program',
};

/** "3 loss, 1 queue full": the reasons with a count, or the total where the backend has no reasons. */
export function dropsText(sample: Pick<CounterSample, 'drops' | 'dropsByReason'>): string {
  const byReason = sample.dropsByReason;
  if (!byReason) return `${grouped(sample.drops)} dropped`;
  const parts = DROP_REASONS.filter((r) => byReason[r]).map((r) => `${grouped(byReason[r])} ${DROP_REASON_WORDS[r]}`);
  return `dropped: ${parts.join(', ')}`;
}
