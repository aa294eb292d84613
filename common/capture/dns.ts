/** DNS messages (RFC 1035) for decode.ts: the question and the answers' usual record types. */
import type { Bytes } from './bytes.js';
import { hex } from './bytes.js';
import type { Decoding, Field } from './decode.js';

/** UDP ports whose datagrams are decoded as DNS: DNS and multicast DNS. */
export const DNS_PORTS = new Set([53, 5353]);

const TYPES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  255: 'ANY',
};
const RCODES: Record<number, string> = { 1: 'Format error', 2: 'Server failure', 3: 'No such name', 5: 'Refused' };
/** More labels or pointers than this is a loop or garbage, not a name. */
const MAX_NAME_STEPS = 128;

const typeName = (type: number) => TYPES[type] ?? `TYPE${type}`;

/** A name at `at` (labels, or a pointer to them); returns it and where the bytes after it start. */
function readName(b: Bytes, start: number, base: number): { name: string; next: number } {
  const labels: string[] = [];
  let at = start;
  let next: number | undefined;
  for (let step = 0; step < MAX_NAME_STEPS; step++) {
    const length = b.u8(at);
    if (length === 0) return { name: labels.join('.') || '<Root>', next: next ?? at + 1 };
    if ((length & 0xc0) === 0xc0) {
      next ??= at + 2;
      at = base + (((length & 0x3f) << 8) | b.u8(at + 1));
      continue;
    }
    labels.push(String.fromCharCode(...b.slice(at + 1, length)));
    at += 1 + length;
  }
  return { name: labels.join('.'), next: next ?? at };
}

function rdata(b: Bytes, type: number, at: number, length: number, base: number): string {
  if (type === 1 && length === 4) return b.ipv4(at);
  if (type === 28 && length === 16) return b.ipv6(at);
  if (type === 5 || type === 12 || type === 2) return readName(b, at, base).name;
  return `${length} bytes`;
}

export function dns(b: Bytes, at: number, end: number, d: Decoding): void {
  b.layer = 'DNS';
  const layer = d.layer('dns', 'Domain Name System');
  const id = b.u16(at);
  const flags = b.u16(at + 2);
  const response = (flags & 0x8000) !== 0;
  const rcode = flags & 0x000f;
  const questions = b.u16(at + 4);
  const answers = b.u16(at + 6);
  const fields: Field[] = (layer.children = [
    { label: `Transaction ID: ${hex(id, 4)}` },
    {
      label: `Flags: ${hex(flags, 4)} (${response ? 'response' : 'query'}${rcode ? `, ${RCODES[rcode] ?? rcode}` : ''})`,
    },
    { label: `Questions: ${questions}, answers: ${answers}` },
  ]);
  const parts = [`Standard query${response ? ' response' : ''} ${hex(id, 4)}`];
  if (response && rcode) parts.push(RCODES[rcode] ?? `rcode ${rcode}`);
  d.show('DNS', parts.join(' '));
  let offset = at + 12;
  for (let i = 0; i < questions && offset < end; i++) {
    const { name, next } = readName(b, offset, at);
    const type = typeName(b.u16(next));
    fields.push({ label: `Query: ${name} ${type}` });
    parts.push(`${type} ${name}`);
    offset = next + 4;
  }
  d.show('DNS', parts.join(' '));
  for (let i = 0; i < answers && offset < end; i++) {
    const { name, next } = readName(b, offset, at);
    const type = b.u16(next);
    const length = b.u16(next + 8);
    const value = rdata(b, type, next + 10, length, at);
    fields.push({ label: `Answer: ${name} ${typeName(type)} ${value}` });
    parts.push(`${typeName(type)} ${value}`);
    offset = next + 10 + length;
  }
  d.show('DNS', parts.join(' '));
}
