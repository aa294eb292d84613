/** `vnet partition`, `vnet heal`, `vnet node NODE crash|restart`: faults the document does not hold. */
import { requireStackNode, runningDocument } from './running.js';
import { withSession } from './session.js';
import { UsageError } from './spec.js';
import { printFaults } from './print.js';

/** `a,b / c,d` (spaces around the slash optional) into the two groups of node ids. */
export function parseGroups(operands: readonly string[]): [string[], string[]] {
  const sides = operands.join(' ').split('/');
  const groups = sides.map((side) => side.split(/[\s,]+/).filter(Boolean));
  const [from, to] = groups;
  if (groups.length !== 2 || !from?.length || !to?.length)
    throw new UsageError('say two groups of nodes split by a slash: vnet partition a,b / c,d', 'partition');
  const twice = from.find((id) => to.includes(id));
  if (twice) throw new UsageError(`"${twice}" is in both groups`, 'partition');
  return [from, to];
}

export function partitionCommand(operands: readonly string[], oneway: boolean, json: boolean): Promise<number> {
  const groups = parseGroups(operands);
  return withSession(async (session) => {
    const { topology } = await runningDocument(session);
    for (const id of groups.flat()) requireStackNode(topology, id, 'partition');
    printFaults(await session.call('network.partition', { groups, oneway }), json);
    return 0;
  });
}

export function healCommand(json: boolean): Promise<number> {
  return withSession(async (session) => {
    printFaults(await session.call('network.heal', {}), json);
    return 0;
  });
}

export function nodeCommand(node: string, action: 'crash' | 'restart', json: boolean): Promise<number> {
  return withSession(async (session) => {
    const { topology } = await runningDocument(session);
    requireStackNode(topology, node, 'node');
    printFaults(await session.call(action === 'crash' ? 'node.crash' : 'node.restart', { node }), json);
    return 0;
  });
}
