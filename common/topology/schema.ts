/**
 * The topology document: the one file format vnet reads and writes.
 * Defined once here and imported by the helper, the app and the command line.
 * Structure is checked by zod; cross-references (links to nodes, addresses
 * against segments) by checkTopology() in validate.ts.
 */
import { z } from 'zod';
import { labSchema } from '../lab/schema.js';
import { templateCheckSchema } from '../templates/check-schema.js';
import { templateStepSchema } from '../templates/step-schema.js';
import { scenarioSchema } from '../scenario/schema.js';
import { linkParamsOverrideSchema, linkParamsSchema } from './link-params-schema.js';
import { documentFileSchema } from './document-files.js';
import { linkProgramsSchema } from './link-programs.js';

export const TOPOLOGY_VERSION = 1;

export const NODE_KINDS = ['host', 'router', 'switch', 'hub'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Node kinds that have a network stack (a namespace) and take addresses. */
export const STACK_KINDS: readonly NodeKind[] = ['host', 'router'];
/** Node kinds that are layer-2 segments joining the links attached to them. */
export const SEGMENT_KINDS: readonly NodeKind[] = ['switch', 'hub'];

/** Ids name namespaces and devices, so they stay short and path-safe. */
export const NODE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,23}$/;
/** Host names are DNS labels so `ping web` works inside a host. */
export const HOST_NAME_PATTERN = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Linux interface names: at most 15 bytes, no slash, colon or space. */
export const IFNAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

const nodeId = z
  .string()
  .regex(NODE_ID_PATTERN, 'must be 1-24 lowercase letters, digits or "-", starting with a letter or digit');

const hostName = z
  .string()
  .regex(HOST_NAME_PATTERN, 'must be a DNS label: lowercase letters, digits and "-", starting with a letter');

/**
 * The IP families a node or link has: both (absent: dual stack), or one. An interface has the
 * families both its node and its link have.
 */
export const IP_FAMILIES = ['dual', 'ipv4', 'ipv6'] as const;
export type IpFamilies = (typeof IP_FAMILIES)[number];
const ipFamilies = z.enum(IP_FAMILIES);

/**
 * How routes are made, per network or per router: `static` (vnet's shortest paths; documents may say
 * `auto`), `none`, or FRR run on the routers, `ospf` (OSPFv2 and OSPFv3, every router interface in
 * area 0) or `bgp` (eBGP over each router-to-router link, one AS per router unless set).
 */
export const ROUTING_MODES = ['static', 'none', 'ospf', 'bgp'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];
const routingMode = z.preprocess((mode) => (mode === 'auto' ? 'static' : mode), z.enum(ROUTING_MODES));

export const processSchema = z.strictObject({
  argv: z.array(z.string()).min(1, 'must name a program to run'),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});

/** A directory private to each host: absolute, no `.`/`..` parts, not a system tree the host needs shared. */
export const PRIVATE_DIR_PATTERN = /^(\/(?!\.\.?(\/|$))[A-Za-z0-9_@+.,-]+)+$/;

/** Directories every host has its own of, besides its privateDirs (the helper keeps them with the others). */
export const HOST_PRIVATE_DIRS = ['/run', '/tmp', '/var/log'] as const;
/** Trees of the kernel: nothing in them can be private. */
const KERNEL_TREES = ['/proc', '/sys', '/dev'];
/** Trees every program needs from the machine: private as a whole they would hide it (a part may be private). */
const SHARED_TREES = ['/etc', '/usr', '/bin', '/sbin', '/lib', '/lib64', '/boot', '/var'];

const within = (path: string, tree: string) => path === tree || path.startsWith(`${tree}/`);

/** Why a privateDirs entry that matches PRIVATE_DIR_PATTERN cannot be private, or undefined. */
export function privateDirProblem(path: string): string | undefined {
  const kernel = KERNEL_TREES.find((tree) => within(path, tree));
  if (kernel) return `${kernel} belongs to the kernel: nothing in it can be private`;
  if (SHARED_TREES.includes(path)) return `every host needs the machine's ${path}: name a directory inside it`;
  const own = HOST_PRIVATE_DIRS.find((tree) => within(path, tree));
  if (own) return `every host has its own ${own} already`;
  return undefined;
}

/** Why each entry of a privateDirs list cannot be, by index (a template's and its node's are checked merged too). */
export function privateDirsProblems(dirs: readonly string[]): { index: number; message: string }[] {
  return dirs.flatMap((path, index) => {
    const earlier = dirs.slice(0, index);
    const outer = dirs.find((other) => other !== path && within(path, other));
    const message = earlier.includes(path)
      ? `${path} is listed twice`
      : outer
        ? `${path} is inside ${outer}, which is private already`
        : privateDirProblem(path);
    return message ? [{ index, message }] : [];
  });
}

const privateDirsSchema = z
  .array(z.string().regex(PRIVATE_DIR_PATTERN, 'must be an absolute directory path without "." or ".." parts'))
  .superRefine((dirs, ctx) => {
    for (const { index, message } of privateDirsProblems(dirs))
      ctx.addIssue({ code: 'custom', path: [index], message });
  });

/** Template and template parameter names: what `{param.<p>}` and `{members.<template>}` name. */
export const TEMPLATE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const templateName = z
  .string()
  .regex(TEMPLATE_NAME_PATTERN, 'must be 1-40 lowercase letters, digits or "-", starting with a letter');

export const templateParamSchema = z.strictObject({
  /** What the user fills in, shown beside the field. */
  description: z.string().min(1, 'must say what the parameter is'),
  /** Used when the node gives none. */
  default: z.string().optional(),
  /** A node of this template must give it (a default makes no sense then). */
  required: z.boolean().optional(),
});

/**
 * A node kind of the user's: what every host made from it runs and holds. Its texts (argv, cwd, env
 * values, file contents, member) take placeholders expanded per node by common/templates/text.ts.
 */
export const templateSchema = z.strictObject({
  description: z.string().optional(),
  /** One to three characters (a letter, a symbol, an emoji) drawn on the node's badge. */
  icon: z.string().min(1, 'must be 1-3 characters').max(3, 'must be 1-3 characters'),
  /** The badge's colour, #rrggbb. */
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2f855a'),
  params: z.record(templateName, templateParamSchema).optional(),
  /** Started on every node of the template, before the node's own processes. */
  processes: z.array(processSchema).optional(),
  /** Merged with the node's own privateDirs. */
  privateDirs: privateDirsSchema.optional(),
  /** Absolute path inside one of its privateDirs → the file's text, written there before the processes start. */
  files: z.record(z.string().regex(PRIVATE_DIR_PATTERN, 'must be an absolute file path'), z.string()).optional(),
  /** How one node of the template is listed in `{members.<this template>}` (default `{name}`). */
  member: z.string().optional(),
  /** Asked of every node of the template by `vnet check` and the node's Properties (common/templates/checks.ts). */
  checks: z.array(templateCheckSchema).optional(),
  /** Played for every node of the template by `vnet scenario run`, beside the document's own scenario (common/templates/steps.ts). */
  steps: z.array(templateStepSchema).optional(),
});

export const nodeSchema = z.strictObject({
  id: nodeId,
  kind: z.enum(NODE_KINDS),
  name: hostName,
  position: z.strictObject({ x: z.number(), y: z.number() }),
  processes: z.array(processSchema).optional(),
  /**
   * Directories private to this host besides /run, /tmp and /var/log (which
   * every host has), e.g. /var/lib/etcd. Each must exist on the machine; the
   * host sees its own empty copy, kept in the network's directory.
   */
  privateDirs: privateDirsSchema.optional(),
  /** The name of a template in the document's `templates`: its processes, privateDirs and files become this host's too. */
  template: templateName.optional(),
  /** The template's parameters for this node (parameter name → value). */
  params: z.record(z.string(), z.string()).optional(),
  /** Its IP families (absent: both). */
  ip: ipFamilies.optional(),
  /** A router's routing mode, when not the network's. */
  routing: routingMode.optional(),
  /** A router's BGP AS number (absent: 64512 plus its rank among the routers). */
  asn: z.number().int().min(1).max(4294967295).optional(),
  /** A router's own FRR configuration (frr.conf text), installed as is instead of one generated. */
  frr: z.string().optional(),
  /**
   * A router's own FRR configuration in a file instead (not with `frr`): relative to the document's
   * folder, as link programs' files (document-files.ts), or absolute. The helper reads it whenever the
   * network is built or changed; a file it cannot read is refused, nothing built.
   */
  frrFile: documentFileSchema('the FRR configuration file').optional(),
});

export const endpointSchema = z.strictObject({
  node: z.string().min(1, 'must name a node'),
  /** Interface name inside the node; chosen by the helper when absent. */
  interface: z.string().regex(IFNAME_PATTERN, 'must be a Linux interface name (1-15 characters)').optional(),
  /** IPv4 address with prefix, for example 10.0.1.2/24; from the pool when absent (and the end has IPv4). */
  address: z.string().optional(),
  /** IPv6 address with prefix, for example fd00:0:0:1::2/64; from the pool when absent (and the end has IPv6). */
  address6: z.string().optional(),
});

export const linkSchema = z.strictObject({
  id: nodeId,
  a: endpointSchema,
  b: endpointSchema,
  /** Both directions, unless `directions` overrides one. */
  params: linkParamsSchema.prefault({}),
  /** Per direction (`a>b`: what a sends to b), the parameters that differ from `params`. */
  directions: z
    .strictObject({ 'a>b': linkParamsOverrideSchema.optional(), 'b>a': linkParamsOverrideSchema.optional() })
    .optional(),
  /** false: the cable is cut (carrier off at both ends); addresses and routes stay configured. Absent: up. */
  up: z.boolean().optional(),
  /** Per direction, a user's eBPF program run on every frame before the link's emulation (link-programs.ts). */
  programs: linkProgramsSchema.optional(),
  /** Its IP families (absent: both). */
  ip: ipFamilies.optional(),
});

export const addressPoolSchema = z.strictObject({
  /** Block that automatic subnets are carved from. */
  ipv4: z.string().default('10.0.0.0/16'),
  /** Prefix length of each automatic subnet (one per segment). */
  subnetPrefix: z.number().int().min(8).max(30).default(24),
  /** Block that automatic IPv6 subnets are carved from, one /64 per segment (default a ULA /48). */
  ipv6: z.string().default('fd76:6e65:7400::/48'),
});

export const topologySchema = z.strictObject({
  version: z.number(),
  name: z.string().max(200).default('untitled'),
  nodes: z.array(nodeSchema),
  links: z.array(linkSchema),
  addressPool: addressPoolSchema.prefault({}),
  routing: routingMode.default('static'),
  /** Timed faults and checks that `vnet scenario run` plays against this network (common/scenario/). */
  scenario: scenarioSchema.optional(),
  /** A teaching lab on this network: instructions, graded checks, locks (common/lab/). */
  lab: labSchema.optional(),
  /** Node kinds of the user's, by name, that nodes use through `template` (carried here so a shared file works). */
  templates: z.record(templateName, templateSchema).optional(),
});

export type Topology = z.infer<typeof topologySchema>;
export type TopologyInput = z.input<typeof topologySchema>;
export type TopologyNode = z.infer<typeof nodeSchema>;
export type TopologyLink = z.infer<typeof linkSchema>;
export type Endpoint = z.infer<typeof endpointSchema>;
export type ProcessSpec = z.infer<typeof processSchema>;
export type Template = z.infer<typeof templateSchema>;
