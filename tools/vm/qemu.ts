/**
 * Boots a pinned Debian kernel under QEMU (TCG) with the host root shared
 * read-only over 9p, runs one command in it as root and returns its exit
 * status. The command's output arrives on the second serial port, separate
 * from the kernel console (first port, kept in a log file); the guest ends it
 * with a status marker that no ordinary output contains.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInitramfs } from './initramfs.js';
import { ensureVmlinux } from './vmlinux.js';
import type { TestKernel } from './kernels.js';
import { repoRoot } from './paths.js';

export interface PortForward {
  host: number;
  guest: number;
}

export interface VmJob {
  kernel: TestKernel;
  /** argv run as root in the guest. */
  command: string[];
  /** Directory the command starts in (the guest sees the host's paths). */
  cwd: string;
  /** Kernel modules loaded with modprobe before the command (sch_netem, veth, bridge, …). */
  modules: string[];
  /** Module files (.ko) loaded with insmod after `modules`. */
  insmod: string[];
  /** Guest TCP ports (on its 127.0.0.1 or any address) reachable from the host's 127.0.0.1. */
  forwards: PortForward[];
  env: Record<string, string>;
  /** Give the command the host's stdin (else /dev/null). */
  stdin: boolean;
  timeoutSeconds: number;
  /** Receives the command's output (stdout and stderr merged) as it arrives. */
  onOutput: (chunk: Buffer) => void;
  /** Copy the kernel console to stderr while it runs. */
  showConsole: boolean;
  /** Extra kernel command line arguments. */
  kernelArgs: string[];
  /**
   * Guest time counts the instructions the guest runs (QEMU's -icount), not the host's clock: rates and
   * CPU times measured inside then stay the same however loaded the host is (for benchmarks).
   */
  instructionClock?: boolean;
}

export type VmOutcome = 'exited' | 'timeout' | 'vm-died';

export interface VmResult {
  /** The command's exit status; 124 on timeout, 125 when the VM failed. */
  status: number;
  outcome: VmOutcome;
  /** Kernel console log: kept (and named here) when the VM did not finish normally. */
  consoleLog: string | undefined;
}

/** ASCII record separator: framing the guest's markers, never in ordinary output. */
const separator = String.fromCharCode(0x1e);
/** `vm-stdin`: the guest's serial line is ready for input; `vm-exit N`: the command ended. */
const marker = new RegExp(`${separator}vm-(?:stdin|exit (\\d+))${separator}`);

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function jobScript(job: VmJob): string {
  const lines = [
    `VM_CWD=${shellQuote(job.cwd)}`,
    `VM_MODULES=${shellQuote(job.modules.join(' '))}`,
    `VM_INSMOD=${shellQuote(job.insmod.join(' '))}`,
    `VM_RELAYS=${shellQuote(job.forwards.map((f, i) => `${relayPort(i)}:${f.guest}`).join(' '))}`,
    `VM_STDIN=${job.stdin ? 1 : 0}`,
    ...Object.entries(job.env).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    `set -- ${job.command.map(shellQuote).join(' ')}`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * QEMU delivers forwarded connections to the guest's eth0; a relay in the
 * guest passes them on to 127.0.0.1, so loopback-only servers (the web mode)
 * are reachable too. The relay listens on a port of its own, leaving the
 * server's port free for whatever address the server binds.
 */
function relayPort(index: number): number {
  return 40000 + index;
}

function qemuArgs(job: VmJob, kernel: string, initramfs: string, runDir: string): string[] {
  const cmdline = [
    'console=ttyS0',
    'quiet',
    'loglevel=3',
    'panic=-1',
    'rdinit=/init',
    // Test guests need none of the hardening that costs most under TCG.
    'mitigations=off',
    'init_on_alloc=0',
    'cryptomgr.notests',
    'tsc=reliable',
    'no_timer_check',
    `vmjob=${join(runDir, 'job')}`,
    `vmstage2=${join(repoRoot, 'tools/vm/guest/stage2.sh')}`,
    ...job.kernelArgs,
  ];
  const net =
    job.forwards.length > 0
      ? [
          '-netdev',
          'user,id=n0,' + job.forwards.map((f, i) => `hostfwd=tcp:127.0.0.1:${f.host}-:${relayPort(i)}`).join(','),
          '-device',
          'virtio-net-pci,netdev=n0',
        ]
      : ['-nic', 'none'];
  return [
    // qboot and the PVH entry of the uncompressed kernel: the fastest way in under TCG.
    ...['-machine', 'pc', '-bios', 'qboot.rom', '-cpu', 'max', '-m', '2G', '-smp', '2'],
    // One host thread runs both vCPUs: multi-threaded TCG (QEMU 7.2) let a vCPU run stale code after another
    // rewrote it (the kernel's int3 text patching, V8's JIT), faulting a guest process or the kernel now and then.
    ...['-accel', 'tcg,thread=single'],
    // 2^1 ns of guest time an instruction (a 500 MHz guest); an idle guest skips to its next timer.
    ...(job.instructionClock ? ['-icount', 'shift=1,align=off,sleep=off'] : []),
    ...['-display', 'none', '-monitor', 'none', '-no-reboot'],
    ...['-kernel', kernel, '-initrd', initramfs, '-append', cmdline.join(' ')],
    ...['-virtfs', 'local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap'],
    ...['-serial', `file:${join(runDir, 'console.log')}`, '-serial', 'stdio'],
    ...net,
  ];
}

/** Splits the guest's serial output into the command's output and the guest's markers. */
class MarkerFilter {
  private pending = '';
  status: number | undefined;
  /** Whether the command printed anything: a guest that died before that never ran it. */
  sawOutput = false;

  constructor(
    private readonly forward: (chunk: Buffer) => void,
    private readonly onStdinReady: () => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.status !== undefined) return;
    // latin1 keeps bytes 1:1, so arbitrary output passes through unchanged.
    let text = this.pending + chunk.toString('latin1');
    for (let match = marker.exec(text); match; match = marker.exec(text)) {
      this.emit(text.slice(0, match.index));
      text = text.slice(match.index + match[0].length);
      if (match[1] === undefined) {
        this.onStdinReady();
        continue;
      }
      this.status = Number(match[1]);
      return;
    }
    // Hold back a possible marker start until the rest arrives.
    const start = text.lastIndexOf(separator);
    const cut = start >= 0 && text.length - start < 24 ? start : text.length;
    this.emit(text.slice(0, cut));
    this.pending = text.slice(cut);
  }

  private emit(text: string): void {
    if (text.length === 0) return;
    this.sawOutput = true;
    this.forward(Buffer.from(text, 'latin1'));
  }
}

/**
 * Runs the job; a guest that dies before its command printed anything is
 * booted once more (TCG occasionally crashes a kernel while it patches its
 * own text at boot; that is the emulator, not the code under test).
 */
export async function runInVm(job: VmJob): Promise<VmResult> {
  const first = await bootAndRun(job);
  if (first.outcome !== 'vm-died' || first.commandSpoke) return first;
  process.stderr.write('vm: the guest died before its command printed anything; booting once more\n');
  return bootAndRun(job);
}

async function bootAndRun(job: VmJob): Promise<VmResult & { commandSpoke: boolean }> {
  if (/\s/.test(repoRoot)) throw new Error(`the repository path must not contain spaces: ${repoRoot}`);
  const initramfs = ensureInitramfs(job.kernel);
  const kernel = ensureVmlinux(job.kernel);
  const runsDir = join(repoRoot, '.cache/vm/runs');
  mkdirSync(runsDir, { recursive: true });
  const runDir = mkdtempSync(join(runsDir, `${process.pid}-`));
  writeFileSync(join(runDir, 'job'), jobScript(job));

  // stdin stays a silent pipe unless the command asked for the host's.
  const qemu = spawn('qemu-system-x86_64', qemuArgs(job, kernel, initramfs, runDir), { stdio: 'pipe' });
  // Input sent before the guest opens its serial port would be lost: wait for its word.
  const filter = new MarkerFilter(job.onOutput, () => job.stdin && process.stdin.pipe(qemu.stdin));
  qemu.stdout.on('data', (chunk: Buffer) => filter.push(chunk));
  const qemuErrors: Buffer[] = [];
  qemu.stderr.on('data', (chunk: Buffer) => qemuErrors.push(chunk));
  const consoleTail = job.showConsole ? followConsole(join(runDir, 'console.log')) : undefined;

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    qemu.kill('SIGKILL');
  }, job.timeoutSeconds * 1000);
  const stopOnSignal = (): void => void qemu.kill('SIGKILL');
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    qemu.once('error', reject);
    qemu.once('close', resolve);
  });
  clearTimeout(timer);
  process.off('SIGINT', stopOnSignal).off('SIGTERM', stopOnSignal);
  if (job.stdin) process.stdin.unpipe();
  consoleTail?.stop();

  if (filter.status !== undefined) {
    rmSync(runDir, { recursive: true, force: true });
    return { status: filter.status, outcome: 'exited', consoleLog: undefined, commandSpoke: true };
  }
  const outcome: VmOutcome = timedOut ? 'timeout' : 'vm-died';
  const why = timedOut ? `timed out after ${job.timeoutSeconds} s` : `qemu exited (${exitCode}) without a status`;
  process.stderr.write(`vm: ${why}; kernel console in ${join(runDir, 'console.log')}\n`);
  process.stderr.write(Buffer.concat(qemuErrors));
  process.stderr.write(lastLines(join(runDir, 'console.log'), 30));
  return {
    status: timedOut ? 124 : 125,
    outcome,
    consoleLog: join(runDir, 'console.log'),
    commandSpoke: filter.sawOutput,
  };
}

function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}

/** Copies what QEMU appends to the console log to stderr, polling (QEMU writes it as a plain file). */
function followConsole(file: string): { stop: () => void } {
  let offset = 0;
  const poll = (): void => {
    try {
      const data = readFileSync(file);
      if (data.length > offset) process.stderr.write(data.subarray(offset));
      offset = data.length;
    } catch {
      // Not created yet.
    }
  };
  const interval = setInterval(poll, 200);
  return {
    stop: () => {
      clearInterval(interval);
      poll();
    },
  };
}
