/**
 * `vnet check [FILE]`: a lab's checks (FILE's, or the running document's;
 * without a lab, its templates' checks) asked of the running network and scored, printed as text, JSON, JUnit or
 * TAP; exit 1 when any fails. `--watch` asks again every interval and
 * prints only what changed, until interrupted.
 */
import type { Lab } from '../common/lab/schema.js';
import type { LabScore } from '../common/lab/score.js';
import { formatProblems, type Topology } from '../common/topology/index.js';
import { formatQuantity } from '../common/units/units.js';
import { CliError } from './daemon.js';
import { checkProblemsOfLab } from '../common/lab/names.js';
import { readLabDocument, runLab, type LabDocument } from './lab.js';
import { pause } from '../common/scenario/links.js';
import { describeChange, report, scoreChanges, type ReportFormat, type ScoreChange } from './report.js';
import { runningDocument } from './running.js';
import { hasTemplateChecks, runTemplateChecks, templateChecksTitle } from './template-checks.js';
import { withSession, type Session } from './session.js';
import { UsageError } from './spec.js';

export interface CheckOptions {
  format: ReportFormat;
  /** Ask again every so many milliseconds, printing changes, until interrupted. */
  watchMs?: number;
}

const DEFAULT_INTERVAL_MS = 3000;
const MIN_INTERVAL_MS = 500;

/** The format and watch interval the flags say; throws UsageError for flags that do not go together. */
export function checkOptions(flags: {
  json?: boolean;
  junit?: boolean;
  tap?: boolean;
  watch?: boolean;
  interval?: number;
}): CheckOptions {
  const formats = (['json', 'junit', 'tap'] as const).filter((f) => flags[f]);
  const [format = 'text', other] = formats;
  if (other) throw new UsageError(`--${format} and --${other}: say one format`, 'check');
  if (flags.interval !== undefined && !flags.watch) throw new UsageError('--interval goes only with --watch', 'check');
  if (!flags.watch) return { format };
  if (format === 'junit' || format === 'tap')
    throw new UsageError(`--watch prints changes as text or JSON lines, not --${format}`, 'check');
  const watchMs = flags.interval ?? DEFAULT_INTERVAL_MS;
  if (watchMs < MIN_INTERVAL_MS)
    throw new UsageError(
      `--interval ${formatQuantity('duration', watchMs)}: say at least ${formatQuantity('duration', MIN_INTERVAL_MS)}`,
      'check',
    );
  return { format, watchMs };
}

/** FILE's lab, refused (exit 2) unless every check's names are in the running network. */
function fileLab(file: string, document: LabDocument, running: Topology): Lab {
  const problems = checkProblemsOfLab(document.lab, running).flat();
  const other = document.topology.name !== running.name;
  const names = other ? `"${running.name}" (${file} is for "${document.topology.name}")` : `"${running.name}"`;
  if (problems.length)
    throw new CliError(
      `${file}'s lab does not fit the running network ${names}; nothing was checked:\n${formatProblems(problems)}`,
      2,
    );
  // Every name fits, so the checks are asked; a network of another name may still not be the one meant.
  if (other)
    console.error(`note: the running network is ${names}; its nodes and links have the names the lab asks about`);
  return document.lab;
}

/** What `vnet check` asks: its title, and a run that reads the running document again each time. */
interface Checking {
  title: string;
  run: () => Promise<LabScore>;
}

/** FILE's lab, else the running document's, else its templates' checks (a lab's grading leaves them out). */
async function checking(session: Session, file: string | undefined, document?: LabDocument): Promise<Checking> {
  const { topology } = await runningDocument(session);
  const lab = file && document ? fileLab(file, document, topology) : topology.lab;
  const current = async () => (await runningDocument(session)).topology;
  if (lab) return { title: lab.title, run: async () => runLab(session, lab, await current()) };
  if (hasTemplateChecks(topology))
    return { title: templateChecksTitle(topology), run: async () => runTemplateChecks(session, await current()) };
  throw new CliError(
    `the running network "${topology.name}" has no lab and its templates no checks: say a FILE that has a lab`,
    2,
  );
}

function exitCode(score: LabScore): number {
  return score.tasks.every((t) => t.checks.every((c) => c.ok)) ? 0 : 1;
}

export async function checkCommand(file: string | undefined, options: CheckOptions): Promise<number> {
  const document = file === undefined ? undefined : readLabDocument(file);
  return withSession(async (session) => {
    const { title, run } = await checking(session, file, document);
    const score = await run();
    console.log(report(options.format, title, score));
    if (options.watchMs === undefined) return exitCode(score);
    return watch(run, score, { json: options.format === 'json', intervalMs: options.watchMs });
  });
}

function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

function printChange(change: ScoreChange, json: boolean): void {
  const now = new Date();
  console.log(
    json ? JSON.stringify({ time: now.toISOString(), ...change }) : `${clock(now)}  ${describeChange(change)}`,
  );
}

/**
 * Runs after `first` every interval (never two at once) until SIGINT or SIGTERM; exits as the last
 * run. The running document is read again each time: a node removed meanwhile fails its checks.
 */
async function watch(
  run: () => Promise<LabScore>,
  first: LabScore,
  { json, intervalMs }: { json: boolean; intervalMs: number },
): Promise<number> {
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let last = first;
  try {
    for (;;) {
      await pause(intervalMs, stop.signal);
      if (stop.signal.aborted) break;
      const next = await run();
      for (const change of scoreChanges(last, next)) printChange(change, json);
      last = next;
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  return exitCode(last);
}
