/**
 * One scenario step done against the running network, with the same calls
 * the commands make (`vnet link`, `partition`, `node`, `exec`), and what
 * came of it: done or not, and for a command its exit code, output and
 * whether it met its expectation. Steps are said in the command line's
 * words (describeAction), which the designer shows too.
 */
import { describeCheck } from '../checks/describe.js';
import { unmetExpectations } from '../checks/expect.js';
import { LINK_PARAMS, withParams, withState } from '../topology/index.js';
import { formatQuantity } from '../units/units.js';
import { runInHost } from './exec.js';
import type { HelperCalls } from './helper-calls.js';
import { flapLink, patchLink } from './links.js';
import type { Action } from './plan.js';

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
  cwd?: string;
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

/** A finished step's verdict: "ok", or "FAILED: " and its problems. */
export function verdict(outcome: Pick<StepOutcome, 'ok' | 'problems'>): string {
  return outcome.ok ? 'ok' : `FAILED: ${outcome.problems.join('; ')}`;
}

async function change(
  helper: HelperCalls,
  action: Exclude<Action, { do: 'exec' | 'check' }>,
  context: StepContext,
): Promise<void> {
  switch (action.do) {
    case 'link set':
      await patchLink(helper, action.link, (link) => withParams(link, action.changes, action.dir));
      return;
    case 'link down':
    case 'link up':
      await patchLink(helper, action.link, (link) => withState(link, action.do === 'link up'));
      return;
    case 'link flap':
      await flapLink(helper, action.link, action, context.stop, (up) => context.onLink(action.link, up));
      return;
    case 'partition':
      await helper.call('network.partition', { groups: action.groups, oneway: action.oneway ?? false });
      return;
    case 'heal':
      await helper.call('network.heal', {});
      return;
    case 'node crash':
    case 'node restart':
      await helper.call(action.do === 'node crash' ? 'node.crash' : 'node.restart', { node: action.node });
  }
}

/** A stream's bytes as UTF-8 text (a character split across chunks decoded whole). */
function collector() {
  const decoder = new TextDecoder();
  let text = '';
  return {
    add: (bytes: Uint8Array) => void (text += decoder.decode(bytes, { stream: true })),
    text: () => text + decoder.decode(),
  };
}

async function exec(
  helper: HelperCalls,
  action: Extract<Action, { do: 'exec' }>,
  context: StepContext,
): Promise<StepOutcome> {
  const output = { stdout: collector(), stderr: collector() };
  const timeout = AbortSignal.timeout(action.timeoutMs);
  const exit = await runInHost(helper, action.host, action.argv, {
    output: (stream, bytes) => output[stream === 'stderr' ? 'stderr' : 'stdout'].add(bytes),
    started: (pid) => void helper.call('process.write', { pid, data: '', eof: true }).catch(() => undefined),
    env: context.seed === undefined ? undefined : { VNET_SEED: String(context.seed) },
    cwd: context.cwd,
    kill: AbortSignal.any([timeout, context.stop]),
  });
  const stdout = output.stdout.text();
  const stderr = output.stderr.text();
  const problems: string[] = [];
  if (timeout.aborted) problems.push(`killed after ${formatQuantity('duration', action.timeoutMs)}`);
  problems.push(...unmetExpectations(action.expect, exit, stdout + stderr));
  return { ok: problems.length === 0, problems, exit, stdout, stderr, timedOut: timeout.aborted };
}

export async function performStep(helper: HelperCalls, action: Action, context: StepContext): Promise<StepOutcome> {
  try {
    if (action.do === 'exec') return await exec(helper, action, context);
    if (action.do === 'check') {
      const [outcome] = await helper.call('checks.run', { checks: [action.check] });
      return outcome?.ok ? { ok: true, problems: [] } : { ok: false, problems: [outcome?.seen ?? 'no answer'] };
    }
    await change(helper, action, context);
    return { ok: true, problems: [] };
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, problems: [message], error: message };
  }
}
