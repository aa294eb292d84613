/** IPv4 addresses and prefixes as plain numbers: parsing, formatting, subnet arithmetic. */

export interface Ipv4Prefix {
  /** Address as an unsigned 32-bit number. */
  address: number;
  length: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');
}

export function parseCidr(text: string): Ipv4Prefix | undefined {
  const [addr, len, extra] = text.split('/');
  if (extra !== undefined || addr === undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const address = parseIpv4(addr);
  const length = Number(len);
  if (address === undefined || length > 32) return undefined;
  return { address, length };
}

export function formatCidr(prefix: Ipv4Prefix): string {
  return `${formatIpv4(prefix.address)}/${prefix.length}`;
}

export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

export function networkOf(prefix: Ipv4Prefix): Ipv4Prefix {
  return { address: (prefix.address & maskOf(prefix.length)) >>> 0, length: prefix.length };
}

export function broadcastOf(prefix: Ipv4Prefix): number {
  return (networkOf(prefix).address | ~maskOf(prefix.length)) >>> 0;
}

export function contains(outer: Ipv4Prefix, address: number): boolean {
  return (address & maskOf(outer.length)) >>> 0 === networkOf(outer).address;
}

export function overlaps(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  return contains(shorter, longer.address);
}

/** A host address must not be its subnet's network or broadcast address (except /31 and /32). */
export function isUsableHostAddress(prefix: Ipv4Prefix): boolean {
  if (prefix.length >= 31) return true;
  return prefix.address !== networkOf(prefix).address && prefix.address !== broadcastOf(prefix);
}
