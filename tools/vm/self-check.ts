/**
 * Checks the VM harness itself, as TAP (no module needed): on every pinned
 * kernel the guest has what tests rely on (tools/vm/guest/self-check.sh); on
 * the newest, the exit status passes out, --forward reaches a loopback-bound guest server,
 * guest writes stay out of the host, --stdin delivers input, and a hung guest
 * is stopped by --timeout.
 * Run: npx tsx tools/vm/self-check.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { ensureVmDebs } from './debs.js';
import { newestKernel, testKernels, type TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';
import { runInVm, type VmJob, type VmResult } from './qemu.js';
import { TapMerger } from './tap.js';

function job(kernel: TestKernel, command: string[], extra: Partial<VmJob> = {}): VmJob {
  return {
    kernel,
    command,
    cwd: repoRoot,
    modules: [],
    insmod: [],
    forwards: [],
    env: {},
    stdin: false,
    timeoutSeconds: 180,
    onOutput: (chunk) => process.stdout.write(chunk.toString().replace(/^/gm, '# ')),
    showConsole: false,
    kernelArgs: [],
    ...extra,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Connects to the forwarded port until the guest server answers (it boots meanwhile). */
async function readGreeting(port: number, deadline: number): Promise<string> {
  while (Date.now() < deadline) {
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(''));
    });
    if (reply) return reply;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return '';
}

async function checkForwardAndStatus(tap: TapMerger): Promise<void> {
  const port = await freePort();
  const server =
    'socat TCP-LISTEN:7000,bind=127.0.0.1,reuseaddr SYSTEM:"echo hello-from-guest" && echo written >.cache/vm-selfcheck && exit 7';
  const run = runInVm(job(newestKernel, ['sh', '-c', server], { forwards: [{ host: port, guest: 7000 }] }));
  const greeting = await readGreeting(port, Date.now() + 120_000);
  const result: VmResult = await run;
  tap.report(
    greeting.trim() === 'hello-from-guest',
    `[${newestKernel.label}] --forward reaches a guest server bound to its loopback`,
  );
  tap.report(result.outcome === 'exited' && result.status === 7, `[${newestKernel.label}] exit status 7 passes out`);
  tap.report(
    !existsSync(join(repoRoot, '.cache/vm-selfcheck')),
    `[${newestKernel.label}] guest writes stay in the guest`,
  );
}

/** Through the command line, as a helper driven over stdio would be. */
function checkStdin(tap: TapMerger): void {
  const run = spawnSync(join(repoRoot, 'tools/vm/run'), ['--stdin', '--', 'head', '-n', '2'], {
    input: 'first line\nsecond line\n',
    encoding: 'utf8',
    timeout: 180_000,
  });
  tap.report(
    run.status === 0 && run.stdout === 'first line\nsecond line\n',
    `[${newestKernel.label}] --stdin gives the command the host's input`,
  );
}

async function checkTimeout(tap: TapMerger): Promise<void> {
  const result = await runInVm(job(newestKernel, ['sleep', '600'], { timeoutSeconds: 20 }));
  if (result.consoleLog) rmSync(dirname(result.consoleLog), { recursive: true, force: true });
  tap.report(
    result.outcome === 'timeout' && result.status === 124,
    `[${newestKernel.label}] a hung guest is stopped by the timeout`,
  );
}

async function main(): Promise<void> {
  ensureVmDebs(testKernels);
  const tap = new TapMerger();
  for (const kernel of testKernels) {
    const stream = tap.stream(kernel.label);
    const result = await runInVm(
      job(kernel, ['tools/vm/guest/self-check.sh', kernel.release], { onOutput: (chunk) => stream.push(chunk) }),
    );
    stream.end();
    tap.report(
      result.outcome === 'exited' && result.status === 0 && stream.reported === stream.planned,
      `[${kernel.label}] guest checks all reported`,
    );
  }
  await checkForwardAndStatus(tap);
  checkStdin(tap);
  await checkTimeout(tap);
  process.exitCode = tap.finish() > 0 ? 1 : 0;
}

void main();
