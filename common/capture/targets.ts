/**
 * What a capture names: the fields of capture.start and the target strings
 * that the command line and the designer both write (`h1-s1`, `h1:eth0`).
 */
import { z } from 'zod';

export const SIDES = ['a', 'b'] as const;
export type Side = (typeof SIDES)[number];

/** A frame longer than this is cut: tcpdump's default, longer than any frame a veth or the module passes. */
export const MAX_SNAPLEN = 262_144;
/** Shorter would cut Ethernet and IP headers, and tcpdump's filters read past them. */
export const MIN_SNAPLEN = 96;
/** More sides than this in one capture is a mistake, not a use (each is a socket in the helper). */
export const MAX_TARGETS = 64;

/**
 * Where on a captured interface's way its frames are seen (over the module; the netns backend has one
 * point, its fabric's port, which `after` names): each direction has its own emulation, `before` shows
 * a frame entering it, `after` leaving it (sent on, or delivered to the node) or dropped by it, with the
 * reason; `both` shows each frame at both points (and its drop).
 */
export const CAPTURE_POINTS = ['before', 'after', 'both'] as const;
export type CapturePoint = (typeof CAPTURE_POINTS)[number];

/** A link (`h1-s1`: the side `side` says, else its a side where that end has an interface) or one node's interface. */
export type CaptureTarget = { link: string } | { node: string; iface: string };

/** `NODE:IFACE` names an interface (node ids never hold a colon); anything else a link. */
export function parseTarget(text: string): CaptureTarget {
  const colon = text.indexOf(':');
  if (colon < 0) return { link: text };
  return { node: text.slice(0, colon), iface: text.slice(colon + 1) };
}

export function formatTarget(target: CaptureTarget): string {
  return 'link' in target ? target.link : `${target.node}:${target.iface}`;
}

const targetText = z
  .string()
  .min(1, 'must name a link or NODE:IFACE')
  .refine((t) => !/^:|:$/.test(t), 'must be LINK or NODE:IFACE, both parts named');

/** capture.start's parameters (common/protocol/helper.ts). */
export const captureStartSchema = z.strictObject({
  /** Links (`h1-s1`) and interfaces (`h1:eth0`); each becomes one interface of the capture, in this order. */
  targets: z.array(targetText).min(1, 'say a link to capture').max(MAX_TARGETS, `at most ${MAX_TARGETS} targets`),
  /** Which end of each link target the frames are seen at; absent: a, unless that end is a switch or hub. */
  side: z.enum(SIDES).optional(),
  /** A capture filter in tcpdump's language (pcap-filter(7)), e.g. `icmp or tcp port 80`; absent: every frame. */
  filter: z.string().max(4096, 'a filter of at most 4096 characters').optional(),
  /** Bytes kept of each frame, from MIN_SNAPLEN to MAX_SNAPLEN. */
  snaplen: z.number().int().min(MIN_SNAPLEN).max(MAX_SNAPLEN).default(MAX_SNAPLEN),
  /**
   * Where frames are seen (CAPTURE_POINTS): after, what tcpdump on the node shows for frames that pass,
   * each frame once, and the frames emulation dropped in their place. before and both need the module.
   */
  point: z.enum(CAPTURE_POINTS).default('after'),
});
