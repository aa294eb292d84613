/**
 * A scenario's seed, spread over the links: each link direction's random
 * generator (loss, duplication, jitter) starts from a seed of its own, a
 * hash of (seed, link id, direction). Port numbers and the order links were
 * made in play no part, so the same document and seed draw the same numbers
 * in every run and on every machine.
 */
import { createHash } from 'node:crypto';
import type { Direction } from '../../common/topology/link-params.js';
import { endpointKey } from '../../common/topology/addressing.js';
import { directionSentBy, type PlannedLink } from '../plan/plan.js';

/** Bits kept of the hash: the addon takes a safe integer. */
const SEED_BITS = 53n;

/** The seed of one link direction: never 0, which would hand the module's generator back to the kernel's pool. */
export function directionSeed(seed: number, linkId: string, direction: Direction): number {
  const digest = createHash('sha256')
    .update(JSON.stringify([seed, linkId, direction]))
    .digest();
  return Number(digest.readBigUInt64BE(0) >> (64n - SEED_BITS)) || 1;
}

/** Interface key → the seed of the direction that interface sends (what Backend.reseed takes). */
export function interfaceSeeds(
  seed: number,
  interfaces: Iterable<{ key: string; linkId: string }>,
): Map<string, number> {
  return new Map([...interfaces].map((i) => [i.key, directionSeed(seed, i.linkId, directionSentBy(i.key))]));
}

/** The trunks among links as the ends Backend.reseed takes: each by its end on switch a, which sends a>b. */
export function trunkEnds(links: Iterable<PlannedLink>): { key: string; linkId: string }[] {
  return [...links].flatMap((l) => (l.trunk ? [{ key: endpointKey(l.id, 'a'), linkId: l.id }] : []));
}
