/**
 * `vnet scenario run|validate FILE`: a scenario (common/scenario/) read
 * from its own file or from a topology document's `scenario`, checked
 * against the running network before anything changes, then played on
 * time (common/scenario/run.ts): each step printed as it ends and written
 * to the event log. A document's templates contribute their steps for each
 * of their nodes (common/templates/steps.ts), played in time order with the
 * document's own and printed with the node and template they came from; a
 * document whose templates have steps plays them without a scenario of its
 * own. `validate` checks them as the document's validation does (with any
 * address standing in for the ones the network will give) and counts them.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatProblems, parseTopologyText, type TopologyProblem } from '../common/topology/index.js';
import { nameProblems, readScenario, stepSource, type ContributedStep } from '../common/scenario/plan.js';
import { describeResult, formatSeconds, playScenario, type ScenarioEvent } from '../common/scenario/run.js';
import type { Scenario } from '../common/scenario/schema.js';
import { verdict } from '../common/scenario/steps.js';
import { statusAddresses } from '../common/templates/checks.js';
import { hasScenario, ownScenario, templateStepCount, templateSteps } from '../common/templates/steps.js';
import type { Topology } from '../common/topology/index.js';
import { CliError } from './daemon.js';
import { readText } from './network.js';
import { printWarnings } from './print.js';
import { runningDocument } from './running.js';
import { withSession, type Session } from './session.js';

function problemsError(file: string, problems: readonly TopologyProblem[]): CliError {
  return new CliError(`${file} is not a valid vnet scenario:\n${formatProblems(problems)}`);
}

/** What FILE plays: a scenario, and for a document the document, whose templates may contribute steps. */
type Loaded =
  | { ok: true; scenario: Scenario; document?: Topology; contributed: number }
  | { ok: false; problems: TopologyProblem[] };

/**
 * A scenario file (with `steps`) or a topology document with a `scenario`, its templates' steps, or
 * both; a document's scenario is also checked against the document's own names (its templates' steps
 * are checked with the document).
 */
function loadScenario(file: string): Loaded {
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not JSON: ${(error as Error).message}` }] };
  }
  if (typeof json === 'object' && json !== null && 'steps' in json) {
    const read = readScenario(json);
    return read.ok ? { ...read, contributed: 0 } : read;
  }
  const document = parseTopologyText(text);
  if (!document.ok) return document;
  const { topology } = document;
  if (!hasScenario(topology))
    return {
      ok: false,
      problems: [{ path: 'scenario', message: 'missing: the document has no scenario and its templates no steps' }],
    };
  const scenario = ownScenario(topology);
  const contributed = templateStepCount(topology);
  const problems = nameProblems(scenario, topology);
  return problems.length ? { ok: false, problems } : { ok: true, scenario, document: topology, contributed };
}

function validate(file: string, json: boolean): number {
  const loaded = loadScenario(file);
  if (json) console.log(JSON.stringify(loaded.ok ? { valid: true } : { valid: false, problems: loaded.problems }));
  else if (loaded.ok) console.log(`${file}: valid scenario (${countSteps(loaded)})`);
  else console.error(problemsError(file, loaded.problems).message);
  return loaded.ok ? 0 : 1;
}

function countSteps({ scenario, contributed }: { scenario: Scenario; contributed: number }): string {
  const own = scenario.steps.length;
  return contributed ? `${own + contributed} steps: ${own} its own, ${contributed} from its templates` : `${own} steps`;
}

/** The document's templates' steps made for the running network: its addresses filled in, its names checked. */
async function contributedSteps(session: Session, document: Topology, running: Topology) {
  const { hosts } = await session.call('network.status', {});
  return templateSteps(document, statusAddresses(hosts), running);
}

export interface RunOptions {
  log?: string;
  json: boolean;
}

export async function scenarioCommand(action: 'run' | 'validate', file: string, options: RunOptions): Promise<number> {
  if (action === 'validate') return validate(file, options.json);
  const loaded = loadScenario(file);
  if (!loaded.ok) throw problemsError(file, loaded.problems);
  const { scenario } = loaded;
  const log = options.log ? await openLog(options.log) : undefined;
  try {
    return await withSession(async (session) => {
      const { topology } = await runningDocument(session);
      const { document } = loaded;
      const made =
        document && loaded.contributed
          ? await contributedSteps(session, document, topology)
          : { steps: [], problems: [] };
      const problems = [...nameProblems(scenario, topology), ...made.problems];
      if (problems.length)
        throw new CliError(
          `${file} does not fit the running network (nothing was changed):\n${formatProblems(problems)}`,
        );
      return play(session, scenario, made.steps, options, log);
    });
  } finally {
    log?.end();
    if (log) await once(log, 'close');
  }
}

async function openLog(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  try {
    await once(stream, 'open');
  } catch (error) {
    throw new CliError(`cannot write the log ${path}: ${(error as Error).message}`);
  }
  return stream;
}

const seconds = (ms: number) => formatSeconds(ms).padStart(9);

function describeEvent(event: Exclude<ScenarioEvent, { event: 'warning' | 'step start' }>): string {
  switch (event.event) {
    case 'start':
      return `scenario: ${event.steps} steps${event.seed === undefined ? '' : `, seed ${event.seed}`}`;
    case 'link':
      return `${seconds(event.time)}  [${event.index}] link ${event.link} ${event.up ? 'up' : 'down'}`;
    case 'step':
      return `${seconds(event.started)}  [${event.index}] ${stepSource(event.from)}${event.what}  ${verdict(event)}`;
    case 'end':
      return describeResult(event);
  }
}

/** Prints each step as it ends and logs it; warnings go to stderr. Ctrl+C stops the run. */
async function play(
  session: Session,
  scenario: Scenario,
  contributed: readonly ContributedStep[],
  options: RunOptions,
  log?: WriteStream,
): Promise<number> {
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const emit = (event: ScenarioEvent) => {
    if (event.event === 'warning') return printWarnings([event.message]);
    // A step is printed and logged once, as it ends (with its start time).
    if (event.event === 'step start') return;
    const line = JSON.stringify(event);
    log?.write(line + '\n');
    console.log(options.json ? line : describeEvent(event));
  };
  try {
    const cwd = process.env.VNET_CWD;
    const result = await playScenario(session, scenario, { emit, stop: stop.signal, cwd, contributed });
    return result.stopped ? 130 : result.failed ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
