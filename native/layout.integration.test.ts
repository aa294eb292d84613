/**
 * What the addon tells about its own values: the layout of counter rows (so
 * nothing reads them by position) and the handles it accepts back.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DROP_REASONS } from '../common/protocol/helper.js';
import {
  createNamespaces,
  deleteNamespaces,
  linkStatsLayout,
  nativeAddonPath,
  vnetStatsLayout,
  type LinkStats,
} from './index.js';
import { TEST_PATH, uniqueName } from './integration-helpers.js';

/** Every column of a layout once, from 0 to width - 1. */
function columnsOf(layout: object): number[] {
  return Object.values(layout)
    .flatMap((value: unknown) => (typeof value === 'object' && value ? Object.values(value) : [value]))
    .filter((value): value is number => typeof value === 'number');
}

describe('counter row layouts', () => {
  it('names every column of a vnet stats row once, the drop reasons the protocol carries among them', () => {
    const { width, drops, ...counters } = vnetStatsLayout();
    expect(Object.keys(counters).sort()).toEqual(['id', 'rxBytes', 'rxPackets', 'txBytes', 'txPackets']);
    // A reason added to the uapi fails here until common/protocol/helper.ts documents it.
    expect(
      Object.entries(drops)
        .sort(([, a], [, b]) => a - b)
        .map(([reason]) => reason),
    ).toEqual([...DROP_REASONS]);
    expect(columnsOf({ drops, ...counters }).sort((a, b) => a - b)).toEqual([...Array(width).keys()]);
  });

  it('names every column of a link counter row once, as LinkStats names the values', () => {
    const { width, ...columns } = linkStatsLayout();
    const numeric: Exclude<keyof LinkStats, 'name'>[] = [
      ...(['ifindex', 'rxPackets', 'txPackets', 'rxBytes', 'txBytes'] as const),
      ...(['rxDropped', 'txDropped', 'rxErrors', 'txErrors'] as const),
    ];
    expect(Object.keys(columns).sort()).toEqual(numeric.sort());
    expect(columnsOf(columns).sort((a, b) => a - b)).toEqual([...Array(width).keys()]);
  });
});

describe('handles', () => {
  const netns = uniqueName('handles');
  const addon = createRequire(import.meta.url)(nativeAddonPath()) as {
    spawn(options: object, onExit: () => void): { handle: unknown };
    vnetStats(handle: unknown): Promise<unknown>;
    vnetClose(handle: unknown): void;
  };

  beforeAll(async () => {
    await createNamespaces([netns]);
  });

  afterAll(async () => {
    await deleteNamespaces([netns]);
  });

  it('refuses a handle of another kind where a vnet device handle is expected', async () => {
    let exited: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (exited = resolve));
    const options = { netns, argv: ['true'], env: [`PATH=${TEST_PATH}`], uid: 0, gid: 0, groups: [] };
    const { handle } = addon.spawn(options, () => exited());
    const refusal = expect.objectContaining({
      code: 'ERR_INVALID_ARG_VALUE',
      message: expect.stringContaining('not a vnet device handle'),
    });
    expect(() => addon.vnetClose(handle)).toThrow(refusal);
    expect(() => addon.vnetStats(handle)).toThrow(refusal);
    expect(() => addon.vnetClose({})).toThrow(refusal);
    await done;
  });
});
