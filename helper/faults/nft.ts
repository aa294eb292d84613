/**
 * Partitions as nf_tables rules (the kernel has nf_tables built in; the
 * `nft` program comes from Debian's nftables package). Each script
 * replaces our whole table, so a change never leaves half of the previous
 * rules: nft applies a script as one transaction.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { familyOf } from '../../common/net/family.js';

/** One direction of the partitions in force: IP traffic from `fromAddresses` to `toAddresses` (IPv4 and IPv6) is dropped. */
export interface DropRule {
  /** Stack nodes that send it (their addresses are fromAddresses). */
  from: string[];
  fromAddresses: string[];
  /** Stack nodes it is addressed to (their addresses are toAddresses). */
  to: string[];
  toAddresses: string[];
}

const TABLE = 'vnet_faults';

export const NFT_MISSING =
  'partitions need the nft program, which is not installed (Debian package nftables: apt-get install nftables)';

/** Whether `nft` is on the PATH (the helper says so plainly instead of failing in a shell). */
export function nftInstalled(path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'nft'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function set(addresses: readonly string[]): string {
  return `{ ${addresses.join(', ')} }`;
}

/**
 * Replaces table `table` of `family` with one filter chain at `hook` holding these rules (none: no
 * table), in one transaction.
 */
export function tableScript(
  table: string,
  family: 'bridge' | 'inet',
  hook: 'forward' | 'input',
  rules: readonly string[],
): string[] {
  const reset = [`table ${family} ${table}`, `delete table ${family} ${table}`];
  if (rules.length === 0) return reset;
  return [
    ...reset,
    `table ${family} ${table} {`,
    `  chain ${hook} {`,
    `    type filter hook ${hook} priority 0; policy accept;`,
    ...rules.map((r) => `    ${r}`),
    '  }',
    '}',
  ];
}

/** nft's word for each family's header. */
const FAMILY_HEADERS = { ipv4: 'ip', ipv6: 'ip6' } as const;

/** Where every frame is bridged (the netns fabric): per direction a rule per IP family, on source and destination. */
export function bridgeScript(rules: readonly DropRule[]): string[] {
  const lines = rules.flatMap((r) =>
    Object.entries(FAMILY_HEADERS).flatMap(([family, header]) => {
      const has = (address: string) => familyOf(address) === family;
      const [from, to] = [r.fromAddresses.filter(has), r.toAddresses.filter(has)];
      return from.length && to.length ? [`${header} saddr ${set(from)} ${header} daddr ${set(to)} drop`] : [];
    }),
  );
  return tableScript(TABLE, 'bridge', 'forward', lines);
}
