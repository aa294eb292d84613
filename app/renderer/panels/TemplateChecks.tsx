/**
 * The checks a selected node's template contributes (common/templates/checks.ts), passing or failing
 * live: while the network runs and the window is seen, they go to checks.run every few seconds, one
 * run at a time, as the lab's checklist does. Below them, how many scenario steps it adds for the node
 * (common/templates/steps.ts: `vnet scenario run` plays them).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CheckOutcome } from '../../../common/checks/schema.js';
import { nodeChecks, statusAddresses, type NodeCheck } from '../../../common/templates/checks.js';
import type { TopologyNode } from '../../../common/topology/index.js';
import { api } from '../services/api.js';
import { CHECK_INTERVAL_MS, checksProblem } from '../services/lab.js';
import { useStore } from '../store/index.js';
import './lab/lab.css';

/** Each check's outcome by title; a check that cannot be made for the node fails saying why. */
async function ask(made: readonly NodeCheck[]): Promise<Map<string, CheckOutcome>> {
  const checks = made.flatMap((m) => ('check' in m ? [m.check] : []));
  const answers = checks.length ? await api().checks.run({ checks }) : [];
  let next = 0;
  return new Map(
    made.map((m) => [
      m.title,
      'check' in m ? (answers[next++] ?? { ok: false, seen: '' }) : { ok: false, seen: m.problem },
    ]),
  );
}

export function TemplateChecks({ node }: { node: TopologyNode }) {
  const running = useStore((s) => s.networkState === 'running');
  const topology = useStore((s) => s.topology);
  const hosts = useStore((s) => s.networkHosts);
  const made = useMemo(() => nodeChecks(topology, node, statusAddresses(hosts)), [topology, node, hosts]);
  const latest = useRef(made);
  useEffect(() => {
    latest.current = made;
  }, [made]);
  /** The last answers, and why the checks could not run (plain words), for this node while running. */
  const [answered, setAnswered] = useState<{ outcomes: Map<string, CheckOutcome>; problem?: string }>();

  useEffect(() => {
    if (!running) return;
    let ended = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async () => {
      if (document.visibilityState === 'visible' && latest.current.length) {
        try {
          const outcomes = await ask(latest.current);
          if (!ended) setAnswered({ outcomes });
        } catch (error) {
          if (!ended) setAnswered((last) => ({ outcomes: last?.outcomes ?? new Map(), problem: checksProblem(error) }));
        }
      }
      if (!ended) timer = setTimeout(() => void round(), CHECK_INTERVAL_MS);
    };
    void round();
    return () => {
      ended = true;
      clearTimeout(timer);
      setAnswered(undefined);
    };
  }, [running, node.id]);

  const steps = node.template === undefined ? 0 : (topology.templates?.[node.template]?.steps?.length ?? 0);
  if (!made.length && !steps) return null;
  return (
    <section className="template-checks" data-testid="template-checks">
      {made.length > 0 && <Checks made={made} running={running} answered={answered} />}
      {steps > 0 && (
        <p className="hint" data-testid="template-steps">
          Its template adds {steps} scenario step{steps === 1 ? '' : 's'} for it: vnet scenario run plays them with the
          document.
        </p>
      )}
    </section>
  );
}

function Checks({
  made,
  running,
  answered,
}: {
  made: readonly NodeCheck[];
  running: boolean;
  answered: { outcomes: Map<string, CheckOutcome>; problem?: string } | undefined;
}) {
  return (
    <>
      <h3>Checks</h3>
      {!running && <p className="hint">Start the network: the checks run while it runs.</p>}
      {answered?.problem && <p className="hint">{answered.problem}</p>}
      <ul>
        {made.map((m) => {
          const outcome = answered?.outcomes.get(m.title);
          return (
            <li
              key={m.index}
              className={`lab-check${outcome?.ok ? ' ok' : ''}`}
              data-testid={`template-check-${m.index}`}
              data-ok={outcome === undefined ? undefined : outcome.ok}
            >
              <span
                className="lab-tick"
                aria-label={outcome === undefined ? 'not asked' : outcome.ok ? 'passes' : 'fails'}
              >
                {outcome === undefined ? '○' : outcome.ok ? '✓' : '✗'}
              </span>
              <div className="lab-check-text">
                <span>{m.title}</span>
                {outcome && !outcome.ok && outcome.seen && <div className="lab-seen">{outcome.seen}</div>}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
