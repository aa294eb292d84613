/** Link counters over rtnetlink: one dump, or a socket kept open for a namespace (native/src/rtnl_stats.c). */
import { closeSync } from 'node:fs';
import { binding } from './binding.js';

export interface LinkStats {
  ifindex: number;
  name: string;
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
  rxDropped: number;
  txDropped: number;
  rxErrors: number;
  txErrors: number;
}

/** Where each value sits in a row of link counters (linkStats, CounterSocket): native/src/rtnl_stats.h. */
export type LinkStatsLayout = { width: number } & Record<Exclude<keyof LinkStats, 'name'>, number>;
/** The layout of linkStats and CounterSocket rows, from the addon. */
export function linkStatsLayout(): LinkStatsLayout {
  return binding().linkStatsLayout;
}

/** Counters of every link in the namespace (default: the caller's), from one rtnetlink stats dump. */
export async function linkStats(netns?: string): Promise<LinkStats[]> {
  const { names, rows } = await binding().linkStats(netns);
  const layout = linkStatsLayout();
  return names.map((name, link) => {
    const column = (i: number): number => rows[link * layout.width + i] ?? 0;
    return {
      ifindex: column(layout.ifindex),
      name,
      rxPackets: column(layout.rxPackets),
      txPackets: column(layout.txPackets),
      rxBytes: column(layout.rxBytes),
      txBytes: column(layout.txBytes),
      rxDropped: column(layout.rxDropped),
      txDropped: column(layout.txDropped),
      rxErrors: column(layout.rxErrors),
      txErrors: column(layout.txErrors),
    };
  });
}

/**
 * The counters of every link in one namespace, read as often as needed through one route socket made
 * inside it: one row per link laid out as linkStatsLayout() says, by ifindex (linkStats() gives the
 * names). Far cheaper per read than linkStats(), for streaming.
 */
export class CounterSocket {
  private sequence = 0;

  private constructor(private fd: number | undefined) {}

  static open(netns: string): CounterSocket {
    return new CounterSocket(binding().counterSocketOpen(netns));
  }

  /** One dump, on this thread: about a millisecond of system calls for 2,000 links. */
  read(): Float64Array {
    if (this.fd === undefined) throw new Error('counter socket is closed');
    this.sequence = (this.sequence % 0xffffffff) + 1;
    return binding().counterSocketRead(this.fd, this.sequence);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
