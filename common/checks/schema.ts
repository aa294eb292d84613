/**
 * A check: one question asked of the running network ("does h1 reach h2?",
 * "has r1 a route to 10.0.2.0/24?"), answered by the helper from inside the
 * hosts without changing anything (helper/checks/). Labs grade with them,
 * scenarios assert with them. Node and link ids are checked against the
 * network by checkNameProblems() (names.ts); quantities are typed as people
 * type them (`"loss": "0%"`), as in scenarios.
 */
import { z } from 'zod';
import { parseCidr, parseIpv4 } from '../net/ipv4.js';
import { parseLinkParamAssignment, parseQuantity } from '../units/units.js';

export const CHECK_KINDS = ['reachable', 'address', 'route', 'listening', 'process', 'command', 'link'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const PROTOCOLS = ['icmp', 'tcp', 'udp'] as const;

const id = z.string().min(1, 'must name one');
const port = z
  .number({ error: 'must be a port number' })
  .int('must be a whole port number')
  .min(1, 'must be 1-65535')
  .max(65535, 'must be 1-65535');
const cidr = z.string().refine((text) => parseCidr(text) !== undefined, 'must be an IPv4 prefix such as 10.0.1.0/24');
const address = z.string().refine((text) => parseIpv4(text) !== undefined, 'must be an IPv4 address such as 10.0.1.1');
/** A node id, or an IPv4 address for what is not a node (a host outside the lab's view). */
const nodeOrAddress = z.string().min(1, 'must name a node or an IPv4 address');

/** A typed quantity (string, or a bare number for counts), checked by common/units. */
export const typed = z.union([z.string(), z.number()], { error: 'must be a string such as "50ms"' });

export function duration(name: string) {
  return typed.superRefine((value, ctx) => {
    const parsed = parseQuantity('duration', name, String(value));
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });
}

/** Link parameters as typed: `{ "delay": "50ms", "loss": "5%" }`, at least one. */
export const typedLinkParams = z
  .record(z.string(), typed)
  .refine((params) => Object.keys(params).length > 0, 'say at least one parameter, e.g. { "delay": "50ms" }')
  .superRefine((params, ctx) => {
    for (const [name, value] of Object.entries(params)) {
      const parsed = parseLinkParamAssignment(name, String(value));
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error, path: [name] });
    }
  });

/** What a command must give: an exit code, an output pattern (stdout, then stderr) or both. */
export const expectSchema = z
  .strictObject({
    exit: z.number().int().min(0).max(255).optional(),
    output: z
      .string()
      .refine((pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .optional(),
  })
  .refine((e) => e.exit !== undefined || e.output !== undefined, 'say an exit code, an output pattern or both');

/** The fields of each kind, without anything a lab adds (points, hints). */
export const CHECK_SHAPES = {
  /** `from` sends to `to` (a node: its first address; or an address); `expect: false` means it must NOT get through. */
  reachable: {
    from: id,
    to: nodeOrAddress,
    protocol: z.enum(PROTOCOLS, { error: 'must be icmp, tcp or udp' }).default('icmp'),
    /** For tcp (a connection is accepted) and udp (a datagram is answered). */
    port: port.optional(),
    expect: z.boolean().default(true),
  },
  /** The node has this address with this prefix length (on `interface`, or on any). */
  address: { node: id, interface: z.string().min(1).optional(), address: cidr },
  /** The node's routing table has a route to `to` ("default" or a prefix), through `via` when given. */
  route: {
    node: id,
    to: z.union([z.literal('default'), cidr], { error: 'must be "default" or an IPv4 prefix' }),
    via: address.optional(),
  },
  /** Something in the node listens on this port. */
  listening: { node: id, protocol: z.enum(['tcp', 'udp'], { error: 'must be tcp or udp' }).default('tcp'), port },
  /** A process of this program name (as `ps` shows it) runs in the node. */
  process: { node: id, program: z.string().min(1, 'must name a program') },
  /** A command run in the node (as `vnet exec` runs it) gives what `expect` says within `timeout` (default 5s). */
  command: {
    node: id,
    argv: z.array(z.string()).min(1, 'must name a program to run'),
    timeout: duration('timeout').optional(),
    expect: expectSchema,
  },
  /** The running link is (not) cut and/or has these parameters (both directions). */
  link: { link: id, up: z.boolean().optional(), params: typedLinkParams.optional() },
} as const satisfies Record<CheckKind, z.ZodRawShape>;

type CheckFields = { kind: CheckKind; protocol?: string; port?: number; up?: boolean; params?: unknown };

/** Rules across a check's fields, where zod's union leaves them. */
function crossFieldRules(check: CheckFields, ctx: z.RefinementCtx): void {
  if (check.kind === 'reachable') {
    if (check.protocol === 'icmp' && check.port !== undefined)
      ctx.addIssue({ code: 'custom', path: ['port'], message: 'icmp has no ports: say protocol tcp or udp' });
    if (check.protocol !== 'icmp' && check.port === undefined)
      ctx.addIssue({ code: 'custom', path: ['port'], message: `${check.protocol} needs a port` });
  }
  if (check.kind === 'link' && check.up === undefined && check.params === undefined)
    ctx.addIssue({ code: 'custom', message: 'say up, params or both' });
}

/** A union of every kind, each with `extra` fields too (a lab's points and hints). */
export function checkUnion<Extra extends z.ZodRawShape>(extra: Extra) {
  const variant = <K extends CheckKind>(kind: K) =>
    z.strictObject({ kind: z.literal(kind), ...CHECK_SHAPES[kind], ...extra });
  return z
    .discriminatedUnion(
      'kind',
      [
        variant('reachable'),
        variant('address'),
        variant('route'),
        variant('listening'),
        variant('process'),
        variant('command'),
        variant('link'),
      ],
      { error: `must be one of: ${CHECK_KINDS.join(', ')}` },
    )
    .superRefine((check, ctx) => crossFieldRules(check as CheckFields, ctx));
}

export const checkSchema = checkUnion({});
export type Check = z.output<typeof checkSchema>;
export type CheckInput = z.input<typeof checkSchema>;

/** The helper's answer to one check. */
export interface CheckOutcome {
  ok: boolean;
  /** What was found, in words a student reads: "no reply from 10.0.2.2 in 2s", "10.0.1.1/24 on eth0". */
  seen: string;
}
