/**
 * Device counters of one namespace counted in eBPF (native/src/port_counters.c): the program is attached
 * once and its totals read from memory shared with the kernel, with no system call per read.
 */
import { binding } from './binding.js';

/** Where each total sits in a row read by BpfCounters.read. */
export interface BpfCountersLayout {
  width: number;
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
}

export function bpfCountersLayout(): BpfCountersLayout {
  return binding().portCountersLayout;
}

export class BpfCounters {
  private constructor(
    private handle: unknown,
    /** Devices with an ifindex from here on are not counted. */
    readonly capacity: number,
  ) {}

  /**
   * Counts every frame the namespace's devices send and receive from now on, as the devices' own counters
   * do. Throws where the kernel or libbpf cannot run the program (no BTF, an old kernel).
   */
  static open(netns: string): BpfCounters {
    const { handle, capacity } = binding().portCountersOpen(netns);
    return new BpfCounters(handle, capacity);
  }

  /**
   * The totals of these devices into out (one row of bpfCountersLayout() per ifindex, zeros past the
   * capacity); how many rows differ from what out held, their positions (row numbers) at the start of
   * changed, which holds one per ifindex.
   */
  read(ifindexes: Int32Array, out: Float64Array, changed: Int32Array): number {
    if (this.handle === undefined) throw new Error('eBPF counters are closed');
    return binding().portCountersRead(this.handle, ifindexes, out, changed);
  }

  close(): void {
    if (this.handle !== undefined) binding().portCountersClose(this.handle);
    this.handle = undefined;
  }
}
