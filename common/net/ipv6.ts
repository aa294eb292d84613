/** IPv6 addresses and prefixes as 128-bit bigints: parsing, formatting (RFC 5952), subnet arithmetic. */

export interface Ipv6Prefix {
  /** Address as an unsigned 128-bit number. */
  address: bigint;
  length: number;
}

const ALL = (1n << 128n) - 1n;
const GROUP = /^[0-9a-fA-F]{1,4}$/;

function groupsOf(text: string): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  return parts.every((p) => GROUP.test(p)) ? parts.map((p) => parseInt(p, 16)) : undefined;
}

/** `fd00::1`, `2001:db8:0:0:0:0:0:1`: eight groups, or fewer around one `::`. No zone, no embedded IPv4. */
export function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] as string);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail].reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** The shortest form: lowercase, the longest run of two or more zero groups (the first if tied) as `::`. */
export function formatIpv6(address: bigint): string {
  // One conversion of the bigint, not eight shifts: a 10,000-host plan formats tens of thousands.
  const digits = address.toString(16).padStart(32, '0');
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(digits.slice(4 * i, 4 * i + 4), 16));
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

export function parseCidr6(text: string): Ipv6Prefix | undefined {
  const [addr, len, extra] = text.split('/');
  if (extra !== undefined || addr === undefined || len === undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const address = parseIpv6(addr);
  const length = Number(len);
  if (address === undefined || length > 128) return undefined;
  return { address, length };
}

export function formatCidr6(prefix: Ipv6Prefix): string {
  return `${formatIpv6(prefix.address)}/${prefix.length}`;
}

export function maskOf6(length: number): bigint {
  return (ALL << BigInt(128 - length)) & ALL;
}

export function networkOf6(prefix: Ipv6Prefix): Ipv6Prefix {
  return { address: prefix.address & maskOf6(prefix.length), length: prefix.length };
}

export function overlaps6(a: Ipv6Prefix, b: Ipv6Prefix): boolean {
  const length = Math.min(a.length, b.length);
  return (a.address & maskOf6(length)) === (b.address & maskOf6(length));
}

/** Why an address cannot be a host's unicast address on a link, or undefined. */
export function ipv6AddressProblem(prefix: Ipv6Prefix): string | undefined {
  const top = prefix.address >> 118n;
  if (prefix.address >> 120n === 0xffn) return 'is a multicast address';
  if (top === 0x3fan) return 'is link-local (fe80::/10): every interface has its own already';
  if (prefix.address === 0n || prefix.address === 1n) return 'is the unspecified or the loopback address';
  if (prefix.length < 127 && prefix.address === networkOf6(prefix).address)
    return "is its subnet's router anycast address (all interface bits zero)";
  return undefined;
}

/** The EUI-64 link-local address of a MAC (RFC 4291 appendix A), as the kernel would make it. */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const eui = [(b[0] ?? 0) ^ 2, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]].map((x) => BigInt(x ?? 0));
  const id = eui.reduce((acc, x) => (acc << 8n) | x, 0n);
  return formatIpv6((0xfe80n << 112n) | id);
}
