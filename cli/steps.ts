/**
 * One scenario step done against the running network, with the same calls
 * the commands make (`vnet link`, `partition`, `node`, `exec`), and what
 * came of it: done or not, and for a command its exit code, output and
 * whether it met its expectation.
 */
import { describeCheck } from '../common/checks/describe.js';
import { unmetExpectations } from '../common/checks/expect.js';
import type { Action } from '../common/scenario/plan.js';
import { LINK_PARAMS } from '../common/topology/index.js';
import { formatQuantity } from '../common/units/units.js';
import { runInHost } from './exec.js';
import { flapLink, withParams, withState } from './link.js';
import { patchLink } from './running.js';
import type { Session } from './session.js';

export interface StepOutcome {
  /** Done, and any expectation met. */
  ok: boolean;
  /** Why not, one line each: the failure or the expectations not met. */
  problems: string[];
  /** The step could not be done (the rest of the scenario is stopped). */
  error?: string;
  exit?: number;
  stdout?: string;
  stderr?: string;
  timedOut?: boolean;
}

export interface StepContext {
  seed?: number;
  stop: AbortSignal;
  onLink(link: string, up: boolean): void;
}

export function describeAction(action: Action): string {
  switch (action.do) {
    case 'link set': {
      const params = LINK_PARAMS.filter((p) => action.changes[p.field] !== undefined).map(
        (p) => `${p.name}=${formatQuantity(p.quantity, action.changes[p.field] ?? 0)}`,
      );
      return `link ${action.link} set ${params.join(' ')}${action.dir ? ` --dir ${action.dir}` : ''}`;
    }
    case 'link down':
    case 'link up':
      return `link ${action.link} ${action.do.slice(5)}`;
    case 'link flap':
      return `link ${action.link} flap --down ${formatQuantity('duration', action.downMs)} --up ${formatQuantity('duration', action.upMs)} --count ${action.count}`;
    case 'partition':
      return `partition ${action.groups[0].join(',')} / ${action.groups[1].join(',')}${action.oneway ? ' --oneway' : ''}`;
    case 'heal':
      return 'heal';
    case 'node crash':
    case 'node restart':
      return `node ${action.node} ${action.do.slice(5)}`;
    case 'exec':
      return `exec ${action.host} -- ${action.argv.join(' ')}`;
    case 'check':
      return `check ${describeCheck(action.check)}`;
  }
}

async function change(
  session: Session,
  action: Exclude<Action, { do: 'exec' | 'check' }>,
  context: StepContext,
): Promise<void> {
  switch (action.do) {
    case 'link set':
      await patchLink(session, action.link, (link) => withParams(link, action.changes, action.dir), 'scenario');
      return;
    case 'link down':
    case 'link up':
      await patchLink(session, action.link, (link) => withState(link, action.do === 'link up'), 'scenario');
      return;
    case 'link flap':
      await flapLink(session, action.link, action, context.stop, (up) => context.onLink(action.link, up));
      return;
    case 'partition':
      await session.call('network.partition', { groups: action.groups, oneway: action.oneway ?? false });
      return;
    case 'heal':
      await session.call('network.heal', {});
      return;
    case 'node crash':
    case 'node restart':
      await session.call(action.do === 'node crash' ? 'node.crash' : 'node.restart', { node: action.node });
  }
}

async function exec(
  session: Session,
  action: Extract<Action, { do: 'exec' }>,
  context: StepContext,
): Promise<StepOutcome> {
  const output = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const timeout = AbortSignal.timeout(action.timeoutMs);
  const exit = await runInHost(session, action.host, action.argv, {
    output: (stream, bytes) => output[stream === 'stderr' ? 'stderr' : 'stdout'].push(bytes),
    env: context.seed === undefined ? undefined : { VNET_SEED: String(context.seed) },
    kill: AbortSignal.any([timeout, context.stop]),
  });
  const stdout = Buffer.concat(output.stdout).toString('utf8');
  const stderr = Buffer.concat(output.stderr).toString('utf8');
  const problems: string[] = [];
  if (timeout.aborted) problems.push(`killed after ${formatQuantity('duration', action.timeoutMs)}`);
  problems.push(...unmetExpectations(action.expect, exit, stdout + stderr));
  return { ok: problems.length === 0, problems, exit, stdout, stderr, timedOut: timeout.aborted };
}

export async function performStep(session: Session, action: Action, context: StepContext): Promise<StepOutcome> {
  try {
    if (action.do === 'exec') return await exec(session, action, context);
    if (action.do === 'check') {
      const [outcome] = await session.call('checks.run', { checks: [action.check] });
      return outcome?.ok ? { ok: true, problems: [] } : { ok: false, problems: [outcome?.seen ?? 'no answer'] };
    }
    await change(session, action, context);
    return { ok: true, problems: [] };
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, problems: [message], error: message };
  }
}
