/**
 * Reading a topology document: structure through zod, then the rules that
 * cross fields (references, uniqueness, addresses per segment). Every
 * problem names its field, as in `links[3].a.node: no node "h9"`; a document
 * with any problem is refused whole.
 */
import type { z } from 'zod';
import { SEGMENT_KINDS, TOPOLOGY_VERSION, topologySchema, type Topology } from './schema.js';
import { NO_HINTS, PlanError, planAddresses } from './addressing.js';
import { cidr, FAMILIES, FAMILY_RULES, hasFamily, networkOf, overlaps, type Family, type Prefix } from './families.js';
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
      for (const field of ['address', 'address6'] as const)
        if (SEGMENT_KINDS.includes(kind) && end[field] !== undefined)
          problems.push({ path: `${path}.${field}`, message: `a ${kind} takes no address (it is a layer-2 segment)` });
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

/** Routing modes, AS numbers and FRR configurations are a router's; its own FRR configuration is inline or in a file. */
function routerFieldProblems(topology: Topology): TopologyProblem[] {
  return topology.nodes.flatMap((n, i) => [
    ...(['routing', 'asn', 'frr', 'frrFile'] as const)
      .filter((field) => n[field] !== undefined && n.kind !== 'router')
      .map((field) => ({ path: `nodes[${i}].${field}`, message: `only a router has one (this is a ${n.kind})` })),
    ...(n.frr !== undefined && n.frrFile !== undefined
      ? [
          {
            path: `nodes[${i}].frrFile`,
            message: 'a router has its own FRR configuration inline (frr) or in a file, not both',
          },
        ]
      : []),
  ]);
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
  prefix: Prefix;
}

const FAMILY_NAMES: Record<Family, string> = { ipv4: 'IPv4', ipv6: 'IPv6' };

/** An end whose node and link share no family, or that has a static address of a family it lacks. */
function familyProblems(topology: Topology): TopologyProblem[] {
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const problems: TopologyProblem[] = [];
  topology.links.forEach((link, i) => {
    for (const side of ['a', 'b'] as const) {
      const node = nodes.get(link[side].node);
      if (!node || SEGMENT_KINDS.includes(node.kind)) continue;
      const has = (family: Family) => hasFamily(node.ip, family) && hasFamily(link.ip, family);
      if (!FAMILIES.some(has))
        problems.push({
          path: `links[${i}].ip`,
          message: `"${node.id}" is ${node.ip}-only and the link ${link.ip}-only: the end would have no address`,
        });
      for (const family of FAMILIES.filter((f) => !has(f) && FAMILY_RULES[f].explicit(link[side]) !== undefined)) {
        const why = hasFamily(node.ip, family) ? `the link is ${link.ip}-only` : `node "${node.id}" is ${node.ip}-only`;
        problems.push({
          path: `links[${i}].${side}.${FAMILY_RULES[family].field}`,
          message: `this end has no ${FAMILY_NAMES[family]}: ${why}`,
        });
      }
    }
  });
  return problems;
}

function parsedAddresses(family: Family, topology: Topology, problems: TopologyProblem[]): Map<string, AddressedEnd> {
  const rules = FAMILY_RULES[family];
  const [shortest, longest] = rules.lengths;
  const byEnd = new Map<string, AddressedEnd>();
  const owners = new Map<bigint, string>();
  topology.links.forEach((link, i) => {
    for (const side of ['a', 'b'] as const) {
      const text = rules.explicit(link[side]);
      if (text === undefined) continue;
      const path = `links[${i}].${side}.${rules.field}`;
      const prefix = rules.parse(text);
      if (!prefix) {
        const otherFamily = family === 'ipv4' ? 'ipv6' : 'ipv4';
        const other = FAMILY_RULES[otherFamily];
        const misplaced = other.parse(text) ? ` (an ${FAMILY_NAMES[otherFamily]} address goes in ${other.field})` : '';
        problems.push({
          path,
          message: `"${text}" is not an ${FAMILY_NAMES[family]} address with prefix, like ${rules.example}${misplaced}`,
        });
        continue;
      }
      if (prefix.length < shortest || prefix.length > longest) {
        problems.push({ path, message: `prefix /${prefix.length} is outside /${shortest}../${longest}` });
        continue;
      }
      const hostProblem = rules.hostProblem(text);
      if (hostProblem) {
        problems.push({ path, message: `${text} ${hostProblem}` });
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

function poolProblems(topology: Topology): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  for (const family of FAMILIES) {
    const rules = FAMILY_RULES[family];
    const text = rules.pool(topology);
    const pool = rules.parse(text);
    const path = `addressPool.${rules.poolField}`;
    const subnet = rules.subnetLength(topology);
    if (!pool)
      problems.push({ path, message: `"${text}" is not an ${FAMILY_NAMES[family]} prefix, like ${rules.example}` });
    else if (subnet < pool.length || (family === 'ipv4' && subnet === pool.length))
      problems.push({
        path: family === 'ipv4' ? 'addressPool.subnetPrefix' : path,
        message:
          family === 'ipv4'
            ? `/${subnet} must be longer than the pool's /${pool.length}`
            : `/${pool.length} is longer than the /${subnet} each segment takes`,
      });
  }
  return problems;
}

function addressProblems(topology: Topology): TopologyProblem[] {
  const problems = poolProblems(topology);
  for (const family of FAMILIES) {
    const rules = FAMILY_RULES[family];
    const byEnd = parsedAddresses(family, topology, problems);
    const subnets: AddressedEnd[] = [];
    for (const segment of segmentsOf(topology)) {
      let subnet: AddressedEnd | undefined;
      for (const at of segment.attachments) {
        const end = byEnd.get(`${at.linkIndex}.${at.side}`);
        if (!end) continue;
        const network = networkOf(rules, end.prefix);
        if (!subnet) {
          subnet = { path: end.path, prefix: network };
          const clash = subnets.find((other) => overlaps(rules, other.prefix, network));
          if (clash)
            problems.push({
              path: end.path,
              message: `subnet ${cidr(rules, network)} overlaps ${cidr(rules, clash.prefix)} of another segment (${clash.path})`,
            });
          subnets.push(subnet);
        } else if (network.address !== subnet.prefix.address || network.length !== subnet.prefix.length) {
          problems.push({
            path: end.path,
            message: `not in subnet ${cidr(rules, subnet.prefix)} of its segment (${subnet.path})`,
          });
        }
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
    ...routerFieldProblems(topology),
    ...familyProblems(topology),
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
