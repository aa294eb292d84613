/** What `vnet status`, `vnet ps`, `vnet stats` and the fault commands print, as text or JSON. */
import {
  interfaceAddresses,
  type CounterSample,
  type FaultState,
  type NetworkStatus,
  type ProcessInfo,
} from '../common/protocol/helper.js';
import { foldCounters, type CountersView } from '../common/protocol/stats.js';
import type { HelperClient } from '../helper/client.js';

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function describeFaults(faults: FaultState): string[] {
  // Each partition is one way (common/protocol/helper.ts): a two-way one shows as both.
  const lines = faults.partitions.map((p) => `partition: ${p.from.join(',')} cannot reach ${p.to.join(',')}`);
  if (faults.crashed.length) lines.push(`crashed: ${faults.crashed.join(', ')}`);
  return lines.length ? lines : ['no faults in force'];
}

export function printFaults(faults: FaultState, json: boolean): void {
  console.log(json ? JSON.stringify(faults) : describeFaults(faults).join('\n'));
}

export function printStatus(status: NetworkStatus, json = false): void {
  if (json) return console.log(JSON.stringify(status));
  console.log(`network ${status.state}${status.backend ? ` on the ${status.backend} backend` : ''}`);
  if (status.reason) console.log(`(${status.reason})`);
  if (status.state === 'running') console.log(`revision ${status.revision}`);
  if (status.directory) console.log(`directory ${status.directory}`);
  if (status.state === 'running') for (const line of describeFaults(status.faults)) console.log(line);
  const rows = [['HOST', 'NAMESPACE', 'INTERFACE', 'ADDRESSES']];
  for (const [id, host] of Object.entries(status.hosts)) {
    if (host.interfaces.length === 0) rows.push([id, host.namespace, '-', '-']);
    for (const i of host.interfaces) rows.push([id, host.namespace, i.name, interfaceAddresses(i).join(' ') || '-']);
  }
  if (rows.length > 1) console.log(table(rows));
}

export function printProcesses(list: ProcessInfo[], json: boolean): void {
  if (json) return console.log(JSON.stringify(list));
  const rows = [['PID', 'HOST', 'PTY', 'COMMAND']];
  for (const p of list) rows.push([String(p.pid), p.host, p.pty ? 'yes' : 'no', p.argv.join(' ')]);
  console.log(table(rows));
}

function counterRow(id: string, c: CounterSample): string[] {
  return [
    id,
    String(c.rxPackets),
    String(c.txPackets),
    String(c.rxBytes),
    String(c.txBytes),
    String(c.drops),
    c.rxPps.toFixed(1),
    c.txPps.toFixed(1),
  ];
}

/** Reads two samples a tenth of a second apart (rates need an interval) and prints the counters as of the second. */
export async function printStats(client: HelperClient, json: boolean): Promise<number> {
  const sample = await new Promise<CountersView>((resolve) => {
    let seen = 0;
    let view: CountersView | undefined;
    client.on('stats', (s) => {
      view = foldCounters(view, s);
      if (++seen === 2) resolve(view);
    });
    void client.call('stats.subscribe', { hz: 10 });
  });
  if (json) {
    console.log(JSON.stringify(sample));
    return 0;
  }
  const header = ['', 'RX PKTS', 'TX PKTS', 'RX BYTES', 'TX BYTES', 'DROPS', 'RX PPS', 'TX PPS'];
  const hosts = Object.entries(sample.hosts).map(([id, c]) => counterRow(id, c));
  const links = Object.entries(sample.links).map(([id, c]) => counterRow(id, c));
  console.log(table([['HOST', ...header.slice(1)], ...hosts]));
  console.log();
  console.log(table([['LINK', ...header.slice(1)], ...links]));
  const programs = programRows(sample.programs);
  if (programs.length) {
    console.log();
    console.log(table([['LINK', 'WAY', 'MAP', 'VALUES (key=value)'], ...programs]));
  }
  return 0;
}

/** A row per map of each link's programs: its entries as key=value. */
function programRows(programs: CountersView['programs']): string[][] {
  return Object.entries(programs).flatMap(([link, directions]) =>
    Object.entries(directions).flatMap(([direction, maps]) =>
      Object.entries(maps ?? {}).map(([map, entries]) => [
        link,
        direction,
        map,
        Object.entries(entries)
          .map(([key, value]) => `${key}=${value}`)
          .join(' ') || '(empty)',
      ]),
    ),
  );
}

/** What a change applied only in part, one line each on stderr. */
export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) console.error(`warning: ${warning}`);
}
