/**
 * A check in the words a student reads: "h1 reaches h2", "h3 does not reach
 * 10.0.9.1 on tcp/80", "r1 has a route to 10.0.2.0/24 via 10.0.1.2". A lab's
 * own `title` wins; this is what the checklist, the command line and a
 * scenario's log say otherwise.
 */
import type { Check } from './schema.js';

export function describeCheck(check: Check): string {
  switch (check.kind) {
    case 'reachable': {
      const on = check.protocol === 'icmp' ? '' : ` on ${check.protocol}/${check.port}`;
      return `${check.from} ${check.expect ? 'reaches' : 'does not reach'} ${check.to}${on}`;
    }
    case 'address':
      return `${check.node} has ${check.address}${check.interface ? ` on ${check.interface}` : ''}`;
    case 'route':
      return `${check.node} has a ${check.to === 'default' ? 'default route' : `route to ${check.to}`}${check.via ? ` via ${check.via}` : ''}`;
    case 'listening':
      return `${check.node} listens on ${check.protocol}/${check.port}`;
    case 'process':
      return `${check.program} runs on ${check.node}`;
    case 'command':
      return `${check.argv.join(' ')} on ${check.node} ${describeExpect(check.expect)}`;
    case 'link': {
      const state = check.up === undefined ? [] : [check.up ? 'is up' : 'is cut'];
      const params = Object.entries(check.params ?? {}).map(([name, value]) => `${name}=${value}`);
      return `link ${check.link} ${[...state, ...(params.length ? [`has ${params.join(' ')}`] : [])].join(' and ')}`;
    }
  }
}

function describeExpect(expect: { exit?: number; output?: string }): string {
  const parts = [
    ...(expect.exit === undefined ? [] : [`exits ${expect.exit}`]),
    ...(expect.output === undefined ? [] : [`prints /${expect.output}/`]),
  ];
  return parts.join(' and ');
}
