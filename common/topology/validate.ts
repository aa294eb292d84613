/**
 * Reading a topology document: structure through zod, then the rules that
 * cross fields (references, uniqueness, addresses per segment). Every
 * problem names its field, as in `links[3].a.node: no node "h9"`; a document
 * with any problem is refused whole.
 */
import type { z } from 'zod';
import { formatCidr, networkOf, overlaps, parseCidr, isUsableHostAddress, type Ipv4Prefix } from '../net/ipv4.js';
import { SEGMENT_KINDS, TOPOLOGY_VERSION, topologySchema, type Topology } from './schema.js';
import { NO_HINTS, PlanError, planAddresses } from './addressing.js';
import { segmentsOf, trunkLoops } from './segments.js';
import { formatPath, TopologyError, type TopologyProblem } from './problems.js';
import { labProblems } from '../lab/names.js';
import { templateProblems } from '../templates/problems.js';

export type TopologyResult = { ok: true; topology: Topology } | { ok: false; problems: TopologyProblem[] };

function zodProblems(error: z.ZodError): TopologyProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

function versionProblem(input: unknown): TopologyProblem | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { path: '', message: 'a topology must be a JSON object' };
  }
  const version = (input as { version?: unknown }).version;
  if (version === TOPOLOGY_VERSION) return undefined;
  if (version === undefined)
    return { path: 'version', message: `missing (this vnet reads version ${TOPOLOGY_VERSION})` };
  return {
    path: 'version',
    message: `unsupported version ${JSON.stringify(version)} (this vnet reads version ${TOPOLOGY_VERSION})`,
  };
}

function duplicateProblems<T>(
  items: readonly T[],
  key: (item: T) => string,
  field: string,
  list: string,
): TopologyProblem[] {
  const seen = new Map<string, number>();
  const problems: TopologyProblem[] = [];
  items.forEach((item, i) => {
    const value = key(item);
    const first = seen.get(value);
    if (first === undefined) seen.set(value, i);
    else
      problems.push({
        path: `${list}[${i}].${field}`,
        message: `duplicate ${field} "${value}" (also ${list}[${first}])`,
      });
  });
  return problems;
}

function linkProblems(topology: Topology): TopologyProblem[] {
  const kinds = new Map(topology.nodes.map((n) => [n.id, n.kind]));
  const problems: TopologyProblem[] = [];
  const interfaces = new Map<string, string>();
  topology.links.forEach((link, i) => {
    for (const side of ['a', 'b'] as const) {
      const end = link[side];
      const path = `links[${i}].${side}`;
      const kind = kinds.get(end.node);
      if (kind === undefined) {
        problems.push({ path: `${path}.node`, message: `no node "${end.node}"` });
        continue;
      }
      if (SEGMENT_KINDS.includes(kind) && end.address !== undefined) {
        problems.push({ path: `${path}.address`, message: `a ${kind} takes no address (it is a layer-2 segment)` });
      }
      if (end.interface !== undefined) {
        const key = `${end.node}/${end.interface}`;
        const first = interfaces.get(key);
        if (first)
          problems.push({
            path: `${path}.interface`,
            message: `interface "${end.interface}" of "${end.node}" is also used by ${first}`,
          });
        else interfaces.set(key, path);
      }
    }
    if (link.a.node === link.b.node) {
      problems.push({ path: `links[${i}].b.node`, message: `a link cannot join node "${link.a.node}" to itself` });
    }
  });
  return problems;
}

/** Bridges without a spanning tree would pass a frame around a loop of switches forever. */
function loopProblems(topology: Topology): TopologyProblem[] {
  return trunkLoops(topology).map((loop) => {
    const last = loop[loop.length - 1] as number;
    const ids = loop.map((i) => topology.links[i]?.id).join(', ');
    return {
      path: `links[${last}]`,
      message: `links ${ids} join switches in a loop: vnet runs no spanning tree, so switches must form a tree`,
    };
  });
}

interface AddressedEnd {
  path: string;
  prefix: Ipv4Prefix;
}

function parsedAddresses(topology: Topology, problems: TopologyProblem[]): Map<string, AddressedEnd> {
  const byEnd = new Map<string, AddressedEnd>();
  const owners = new Map<number, string>();
  topology.links.forEach((link, i) => {
    for (const side of ['a', 'b'] as const) {
      const text = link[side].address;
      if (text === undefined) continue;
      const path = `links[${i}].${side}.address`;
      const prefix = parseCidr(text);
      if (!prefix) {
        problems.push({ path, message: `"${text}" is not an IPv4 address with prefix, like 10.0.1.2/24` });
        continue;
      }
      if (prefix.length < 8 || prefix.length > 30) {
        problems.push({ path, message: `prefix /${prefix.length} is outside /8../30` });
        continue;
      }
      if (!isUsableHostAddress(prefix)) {
        problems.push({ path, message: `${text} is the network or broadcast address of its subnet` });
        continue;
      }
      const owner = owners.get(prefix.address);
      if (owner) problems.push({ path, message: `address ${text} is already used by ${owner}` });
      else owners.set(prefix.address, path);
      byEnd.set(`${i}.${side}`, { path, prefix });
    }
  });
  return byEnd;
}

function addressProblems(topology: Topology): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const pool = parseCidr(topology.addressPool.ipv4);
  if (!pool)
    problems.push({
      path: 'addressPool.ipv4',
      message: `"${topology.addressPool.ipv4}" is not an IPv4 prefix, like 10.0.0.0/16`,
    });
  else if (topology.addressPool.subnetPrefix <= pool.length) {
    problems.push({
      path: 'addressPool.subnetPrefix',
      message: `/${topology.addressPool.subnetPrefix} must be longer than the pool's /${pool.length}`,
    });
  }

  const byEnd = parsedAddresses(topology, problems);
  const subnets: AddressedEnd[] = [];
  for (const segment of segmentsOf(topology)) {
    let subnet: AddressedEnd | undefined;
    for (const at of segment.attachments) {
      const end = byEnd.get(`${at.linkIndex}.${at.side}`);
      if (!end) continue;
      const network = networkOf(end.prefix);
      if (!subnet) {
        subnet = { path: end.path, prefix: network };
        const clash = subnets.find((other) => overlaps(other.prefix, network));
        if (clash)
          problems.push({
            path: end.path,
            message: `subnet ${formatCidr(network)} overlaps ${formatCidr(clash.prefix)} of another segment (${clash.path})`,
          });
        subnets.push(subnet);
      } else if (network.address !== subnet.prefix.address || network.length !== subnet.prefix.length) {
        problems.push({
          path: end.path,
          message: `not in subnet ${formatCidr(subnet.prefix)} of its segment (${subnet.path})`,
        });
      }
    }
  }
  return problems;
}

/** Plans the addresses as a start would, so a pool or subnet too small is refused before anything is built. */
function capacityProblems(topology: Topology): TopologyProblem[] {
  try {
    planAddresses(topology, segmentsOf(topology), NO_HINTS);
    return [];
  } catch (error) {
    if (error instanceof PlanError) return [{ path: 'addressPool', message: error.message }];
    throw error;
  }
}

/** Rules across fields of a structurally valid document. */
export function checkTopology(topology: Topology): TopologyProblem[] {
  const problems = [
    ...duplicateProblems(topology.nodes, (n) => n.id, 'id', 'nodes'),
    ...duplicateProblems(topology.nodes, (n) => n.name, 'name', 'nodes'),
    ...duplicateProblems(topology.links, (l) => l.id, 'id', 'links'),
    ...linkProblems(topology),
    ...loopProblems(topology),
    ...addressProblems(topology),
    ...templateProblems(topology),
    ...(topology.lab ? labProblems(topology.lab, topology) : []),
  ];
  // Planning assumes the rules above hold (references resolve, addresses parse).
  return problems.length ? problems : capacityProblems(topology);
}

export function parseTopology(input: unknown): TopologyResult {
  const version = versionProblem(input);
  if (version) return { ok: false, problems: [version] };
  const parsed = topologySchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const problems = checkTopology(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, topology: parsed.data };
}

export function parseTopologyText(text: string): TopologyResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return parseTopology(input);
}

/** Parses or throws a TopologyError carrying every problem. */
export function readTopology(input: unknown): Topology {
  const result = parseTopology(input);
  if (!result.ok) throw new TopologyError(result.problems);
  return result.topology;
}
