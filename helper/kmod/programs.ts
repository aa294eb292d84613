/**
 * Where a link direction's program goes in the module (VNET_IOC_PROG), as
 * its emulation does (backend.ts): between two hosts, on the sending host's
 * port, egress; on a link to a switch, on the host's one port, egress for
 * what it sends and ingress for what it receives; on a trunk, on the module
 * link, AB for a>b (what switch a sends).
 */
import { vnetDirs, vnetLinkDirs, type VnetProgRequest } from '../../native/index.js';
import { endpointKey } from '../../common/topology/addressing.js';
import { must } from '../must.js';
import { directionSentBy } from '../plan/plan.js';
import type { ProgramChange } from '../programs/link-programs.js';

export interface ModuleIds {
  /** Port ids by interface key, module link ids by trunk link id. */
  ports: ReadonlyMap<string, number>;
  trunks: ReadonlyMap<string, number>;
}

export function programRequest({ link, direction, program }: ProgramChange, ids: ModuleIds): VnetProgRequest {
  const fd = program ? program.fd : -1;
  if (link.trunk) {
    const id = must(ids.trunks.get(link.id), `trunk ${link.id}`);
    return { kind: 'link', id, dirs: direction === 'a>b' ? vnetLinkDirs.ab : vnetLinkDirs.ba, fd };
  }
  const sender = endpointKey(link.id, direction === 'a>b' ? 'a' : 'b');
  const key = link.interfaces.includes(sender) ? sender : must(link.interfaces[0], `interface of link ${link.id}`);
  const dirs = directionSentBy(key) === direction ? vnetDirs.egress : vnetDirs.ingress;
  return { kind: 'port', id: must(ids.ports.get(key), `port of ${key}`), dirs, fd };
}
