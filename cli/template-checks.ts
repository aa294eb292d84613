/**
 * The running network's template checks (common/templates/checks.ts) for `vnet check`: asked of the
 * helper and scored as a checklist, a task per template, a point per check. A check that cannot be
 * made for its node (an address it lacks) fails, saying why.
 */
import type { CheckOutcome } from '../common/checks/schema.js';
import { scoreLab, type Checklist, type LabScore } from '../common/lab/score.js';
import { statusAddresses, templateChecks, type NodeCheck } from '../common/templates/checks.js';
import type { Topology } from '../common/topology/index.js';
import { notAnswered } from './lab.js';
import type { Session } from './session.js';

/** The checklist's title, as a lab's is printed above its tasks. */
export function templateChecksTitle(topology: Topology): string {
  return `${topology.name}: its templates' checks`;
}

/** A task per template (in the order of their first node), its nodes' checks in order. */
function checklist(made: readonly NodeCheck[]): { checklist: Checklist; ordered: NodeCheck[] } {
  const templates = [...new Set(made.map((m) => m.template))];
  const tasks = templates.map((name) => ({ name, made: made.filter((m) => m.template === name) }));
  return {
    checklist: {
      tasks: tasks.map((t) => ({
        title: `template ${t.name}`,
        checks: t.made.map((m) => ({ title: m.title, points: 1 })),
      })),
    },
    ordered: tasks.flatMap((t) => t.made),
  };
}

/** Whether the document's templates have checks for any of its nodes. */
export function hasTemplateChecks(topology: Topology): boolean {
  return topology.nodes.some((n) => n.template !== undefined && topology.templates?.[n.template]?.checks?.length);
}

export async function runTemplateChecks(session: Session, topology: Topology): Promise<LabScore> {
  const { hosts } = await session.call('network.status', {});
  const { checklist: list, ordered } = checklist(templateChecks(topology, statusAddresses(hosts)));
  const asked = ordered.flatMap((m) => ('check' in m ? [m.check] : []));
  const answers = asked.length ? await session.call('checks.run', { checks: asked }) : [];
  let next = 0;
  const outcomes = ordered.map((m): CheckOutcome =>
    'check' in m ? (answers[next++] ?? notAnswered) : { ok: false, seen: m.problem },
  );
  return scoreLab(list, outcomes);
}
