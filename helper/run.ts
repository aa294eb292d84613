/** Runs stock tools (`ip`, `tc`, `nft`, `insmod`) for every backend, in namespaces and in batches. */
import { spawn } from 'node:child_process';

export class CommandError extends Error {
  override name = 'CommandError';
}

/** Runs argv with `input` on stdin; resolves with stdout, rejects with stderr named. */
export async function run(argv: readonly string[], input = ''): Promise<string> {
  return (await runForBytes(argv, input)).toString();
}

/** run(), its stdout as the bytes written (a file's, which need not be text). */
export function runForBytes(argv: readonly string[], input = ''): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const [program = '', ...args] = argv;
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new CommandError(`${argv[0]}: ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const stderr = Buffer.concat(err).toString().trim();
        reject(new CommandError(`${argv.join(' ')} failed (exit ${code}): ${stderr || 'no message'}`));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/**
 * Enters only the network namespace. (`ip -n` also unshares the mount
 * namespace and remounts /sys: a cost that grows with every namespace
 * mounted on the machine.)
 */
export function inside(netns: string): string[] {
  return ['nsenter', `--net=/run/netns/${netns}`];
}

/** The programs that read many lines from stdin, and how they are told to. */
const BATCH_ARGS = { ip: ['-batch', '-'], tc: ['-batch', '-'], nft: ['-f', '-'] } as const;
export type BatchTool = keyof typeof BATCH_ARGS;

/** `ip`/`tc` batch (or an nft script): one process for many lines; `tolerant` ignores failures of single lines. */
export async function batch(tool: BatchTool, netns: string, lines: readonly string[], tolerant = false) {
  if (lines.length === 0) return;
  const argv = [...inside(netns), tool, ...(tolerant ? ['-force'] : []), ...BATCH_ARGS[tool]];
  if (!tolerant) {
    await run(argv, lines.join('\n') + '\n');
    return;
  }
  await run(argv, lines.join('\n') + '\n').catch(() => undefined);
}

export interface BatchJob {
  netns: string;
  lines: string[];
}

/**
 * One batch per namespace for many namespaces: a shell runs the `ip`/`tc`
 * processes, which is far cheaper than Node spawning each. Split over a few
 * shells to use the cores; the first failure stops its shell and is reported.
 */
export async function batchEach(tool: BatchTool, jobs: readonly BatchJob[], shells = 2): Promise<void> {
  const nonEmpty = jobs.filter((j) => j.lines.length > 0);
  const [only] = nonEmpty;
  // A live edit usually touches one namespace: no shell in between then.
  if (nonEmpty.length === 1 && only) return batch(tool, only.netns, only.lines);
  const parts = Array.from({ length: Math.min(shells, nonEmpty.length) }, (_, k) =>
    nonEmpty.filter((_, i) => i % shells === k),
  );
  const script = (part: BatchJob[]) =>
    part
      .map(
        (j) =>
          `${inside(j.netns).join(' ')} ${tool} ${BATCH_ARGS[tool].join(' ')} <<'VNET_BATCH'\n${j.lines.join('\n')}\nVNET_BATCH`,
      )
      .join('\n');
  await Promise.all(parts.map((part) => runScript(script(part))));
}

/**
 * Runs a shell script read from stdin, so of any size (as an argv string the
 * kernel takes 128 KiB at most, and all of argv and the environment 2 MiB).
 * Stops at the first failing command.
 */
export function runScript(script: string): Promise<string> {
  return run(['sh', '-e', '-s'], script);
}
