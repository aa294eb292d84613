/**
 * The document's scenario, with the steps its templates add for their nodes
 * once the network runs: its steps as marks on a timeline and as a list
 * in the command line's words, Play/Stop, the step the run is at, each
 * finished step's verdict, and the time since the start. Read-only: the
 * scenario is written in the document's JSON.
 */
import { useEffect, useMemo, useState } from 'react';
import { planScenario, stepSource, type ContributedStep, type PlannedStep } from '../../../common/scenario/plan.js';
import { formatSeconds } from '../../../common/scenario/run.js';
import type { Scenario } from '../../../common/scenario/schema.js';
import { describeAction } from '../../../common/scenario/steps.js';
import { hasScenario, ownScenario, templateStepCount } from '../../../common/templates/steps.js';
import { commands } from '../services/commands.js';
import { contributedSteps } from '../services/scenario.js';
import { useStore } from '../store/index.js';
import type { ScenarioRun } from '../store/scenario.js';
import { CommandButton } from './Toolbar.js';

/** How often the elapsed time is redrawn while playing. */
const TICK_MS = 100;

/** Milliseconds since the run started: ticking while it plays, fixed once it ended. */
function useElapsed(run: ScenarioRun | undefined): number {
  const [now, setNow] = useState(Date.now);
  const ticking = run?.state !== 'ended' && run?.startedAt !== undefined;
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  if (!run || run.startedAt === undefined) return 0;
  return run.lasted ?? Math.max(0, now - run.startedAt);
}

/** The run's marks when it played this scenario (the document may hold another one since). */
function useRunOf(scenario: Scenario): ScenarioRun | undefined {
  const run = useStore((s) => s.scenarioRun);
  const same = useMemo(() => !!run && JSON.stringify(run.scenario) === JSON.stringify(scenario), [run, scenario]);
  return same ? run : undefined;
}

function Step({ step, run }: { step: PlannedStep; run: ScenarioRun | undefined }) {
  const mark = run?.steps[step.index];
  return (
    <li
      className={`scenario-step step-${mark?.state ?? 'pending'}`}
      data-testid={`scenario-step-${step.index}`}
      data-state={mark?.state ?? 'pending'}
      data-current={run?.current === step.index}
    >
      <span className="at">{formatSeconds(step.atMs)}</span>
      <span className="what">
        {stepSource(step.from)}
        {describeAction(step.action)}
      </span>
      {mark && mark.state !== 'running' && <span className="verdict">{mark.verdict}</span>}
    </li>
  );
}

function Timeline({
  steps,
  run,
  span,
  elapsed,
}: {
  steps: PlannedStep[];
  run?: ScenarioRun;
  span: number;
  elapsed: number;
}) {
  return (
    <div className="scenario-timeline" data-testid="scenario-timeline">
      {steps.map((step) => (
        <span
          key={step.index}
          className={`mark step-${run?.steps[step.index]?.state ?? 'pending'}${run?.current === step.index ? ' current' : ''}`}
          style={{ left: `${(100 * step.atMs) / span}%` }}
          title={`${formatSeconds(step.atMs)}  ${describeAction(step.action)}`}
        />
      ))}
      {run && <span className="cursor" style={{ left: `${Math.min(100, (100 * elapsed) / span)}%` }} />}
    </div>
  );
}

export function ScenarioPanel() {
  const topology = useStore((s) => s.topology);
  const running = useStore((s) => s.running);
  const networkHosts = useStore((s) => s.networkHosts);
  const scenario = useMemo(() => ownScenario(topology), [topology]);
  const made = useMemo(() => contributedSteps({ topology, running, networkHosts }), [topology, running, networkHosts]);
  if (!hasScenario(topology)) return null;
  return <ScenarioView scenario={scenario} contributed={made.steps} added={templateStepCount(topology)} />;
}

/** `added`: how many steps the document's templates add, listed once made for the running network. */
function ScenarioView({
  scenario,
  contributed,
  added,
}: {
  scenario: Scenario;
  contributed: readonly ContributedStep[];
  added: number;
}) {
  const run = useRunOf(scenario);
  // The steps a run played stay listed with their marks; before one, those the running network gives.
  const played = run?.contributed ?? contributed;
  const steps = useMemo(() => planScenario(scenario, played), [scenario, played]);
  const canPlay = useStore(commands.playScenario.applies);
  const canStop = useStore(commands.stopScenario.applies);
  const elapsed = useElapsed(run);
  // The timeline spans the last step's time (at least one second), so every mark is on it.
  const span = Math.max(1000, ...steps.map((s) => s.atMs));
  return (
    <section className="scenario-panel" data-testid="scenario-panel" data-state={run?.state ?? 'idle'}>
      <h3>
        Scenario{' '}
        <span className="muted">
          {steps.length} steps{scenario.seed === undefined ? '' : `, seed ${scenario.seed}`}
        </span>
      </h3>
      <div className="scenario-controls">
        <CommandButton name="playScenario" testId="btn-scenario-play" labelled disabled={!canPlay} />
        <CommandButton name="stopScenario" testId="btn-scenario-stop" labelled disabled={!canStop} />
        <span className="elapsed" data-testid="scenario-elapsed">
          {formatSeconds(elapsed)}
        </span>
      </div>
      <Timeline steps={steps} run={run} span={span} elapsed={elapsed} />
      <ol className="scenario-steps">
        {steps.map((step) => (
          <Step key={step.index} step={step} run={run} />
        ))}
      </ol>
      {run?.warning && <p className="hint">{run.warning}</p>}
      {run?.result && (
        <p
          className={`scenario-result ${run.passed ? 'passed' : 'failed'}`}
          data-testid="scenario-result"
          data-passed={run.passed}
        >
          {run.result}
        </p>
      )}
      {!run && played.length < added && (
        <p className="hint" data-testid="scenario-template-steps">
          Its templates add {added === 1 ? 'a step' : `${added} steps`} for their nodes, listed once the network runs.
        </p>
      )}
      {!run && <p className="hint">Play runs these steps on the running network, each at its time.</p>}
    </section>
  );
}
