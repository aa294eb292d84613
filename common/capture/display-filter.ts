/**
 * The Packets list's display filter: a few words over the decoded columns
 * (decode.ts), not tcpdump's language (that one is the capture filter, run
 * in the helper). Words in a row must all match; `or` separates
 * alternatives; `!` or `not` before a word negates it.
 */
import type { DecodedPacket } from './decode.js';

/** The names a filter may say, as decode.ts names the layers. */
export const FILTER_PROTOCOLS = ['eth', 'arp', 'ip', 'ipv6', 'icmp', 'icmpv6', 'tcp', 'udp', 'dns'] as const;

/** What the filter box says it accepts. */
export const DISPLAY_FILTER_HELP =
  `Protocols (${FILTER_PROTOCOLS.join(', ')}), addresses (10.0.0.1, fe80::1, a MAC), port N or a bare port number, ` +
  `dropped; words in a row must all match, "or" between alternatives, "!" or "not" negates a word. ` +
  `Example: icmp or tcp port 80 !10.0.0.9`;

/** A packet as the filter sees it: decoded, and whether emulation dropped it. */
export type Filterable = Pick<DecodedPacket, 'protocols' | 'addresses' | 'ports'> & { drop?: string };
type Test = (p: Filterable) => boolean;

export type ParsedFilter = { ok: true; matches: Test } | { ok: false; error: string };

const ADDRESS = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-f]*:[0-9a-f:.]*)$/;

/** One word (after `port`/`host` took their argument) as a test, or what is wrong with it. */
function term(words: string[]): Test | string {
  const word = words.shift() ?? '';
  if (word === 'port' || /^[0-9]+$/.test(word)) {
    const text = word === 'port' ? (words.shift() ?? '') : word;
    const port = Number(text);
    if (!/^[0-9]+$/.test(text) || port > 65535) return `"port" wants a number from 0 to 65535, not "${text}"`;
    return (p) => p.ports.includes(port);
  }
  if (word === 'host') {
    const address = words.shift() ?? '';
    if (!ADDRESS.test(address)) return `"host" wants an address, not "${address}"`;
    return (p) => p.addresses.includes(address);
  }
  if (word === 'dropped') return (p) => p.drop !== undefined;
  if ((FILTER_PROTOCOLS as readonly string[]).includes(word)) return (p) => p.protocols.includes(word);
  if (ADDRESS.test(word)) return (p) => p.addresses.includes(word);
  return `unknown word "${word}": say a protocol (${FILTER_PROTOCOLS.join(', ')}), an address, port N or dropped`;
}

/** All the words of one alternative. */
function conjunction(text: string): Test | string {
  const words = text.split(/\s+/).filter(Boolean);
  if (!words.length) return '"or" wants words on both sides';
  const tests: Test[] = [];
  while (words.length) {
    const first = words[0] ?? '';
    const negate = first === 'not' || first.startsWith('!');
    if (first === 'not' || first === '!') words.shift();
    else if (negate) words[0] = first.slice(1);
    if (negate && !words.length) return `"${first}" wants a word after it`;
    const test = term(words);
    if (typeof test === 'string') return test;
    tests.push(negate ? (p) => !test(p) : test);
  }
  return (p) => tests.every((test) => test(p));
}

/** An empty filter matches everything. */
export function parseDisplayFilter(text: string): ParsedFilter {
  const trimmed = text.trim().toLowerCase();
  if (!trimmed) return { ok: true, matches: () => true };
  const alternatives = trimmed.split(/\s+or\s+|^or\s+|\s+or$/).map(conjunction);
  const error = alternatives.find((a): a is string => typeof a === 'string');
  if (error !== undefined) return { ok: false, error };
  const tests = alternatives as Test[];
  return { ok: true, matches: (p) => tests.some((test) => test(p)) };
}
