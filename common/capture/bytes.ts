/**
 * Reading a frame's bytes for the decoders (decode.ts): big-endian fields at
 * offsets, each read checked against what was captured, so a frame cut short
 * stops its decoding at the first field it lacks instead of reading garbage.
 */

/** Thrown by a read past the captured bytes; the decoder catches it and says "truncated". */
export class CutShort extends Error {
  constructor(readonly layer: string) {
    super(`${layer} cut short`);
  }
}

export class Bytes {
  constructor(
    readonly data: Uint8Array,
    /** The layer being read, for the "cut short" message. */
    public layer = 'frame',
  ) {}

  get length(): number {
    return this.data.length;
  }

  need(at: number, count: number): void {
    if (at + count > this.data.length) throw new CutShort(this.layer);
  }

  u8(at: number): number {
    this.need(at, 1);
    return this.data[at] ?? 0;
  }

  u16(at: number): number {
    return (this.u8(at) << 8) | this.u8(at + 1);
  }

  u32(at: number): number {
    return this.u16(at) * 0x10000 + this.u16(at + 2);
  }

  slice(at: number, count: number): Uint8Array {
    this.need(at, count);
    return this.data.subarray(at, at + count);
  }

  mac(at: number): string {
    return [...this.slice(at, 6)].map((b) => b.toString(16).padStart(2, '0')).join(':');
  }

  ipv4(at: number): string {
    return [...this.slice(at, 4)].join('.');
  }

  ipv6(at: number): string {
    const words = [];
    for (let i = 0; i < 8; i++) words.push(this.u16(at + 2 * i));
    return compressIpv6(words);
  }
}

/** RFC 5952 text: lower case, the longest run (of two or more) of zero words as "::". */
function compressIpv6(words: readonly number[]): string {
  let best = { at: -1, length: 1 };
  for (let i = 0; i < words.length;) {
    let j = i;
    while (j < words.length && words[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

export const hex = (value: number, digits: number) => `0x${value.toString(16).padStart(digits, '0')}`;
