/**
 * tools/vm/run: run one command as root inside a QEMU guest booting a pinned
 * Debian kernel, with the host root visible (writable through a tmpfs
 * overlay). Exits with the command's status. Usage in tools/vm/README.md.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureVmDebs } from './debs.js';
import { findKernel, newestKernel } from './kernels.js';
import { repoRoot } from './paths.js';
import { runInVm, type PortForward } from './qemu.js';

const usage = `usage: tools/vm/run [--kernel 6.1|6.12] [--forward HOSTPORT:GUESTPORT]... [--modules "veth bridge ..."]
                   [--insmod FILE.ko]... [--env NAME=VALUE]... [--cwd DIR] [--timeout SEC] [--stdin] [--console]
                   [--append KERNEL-ARGS]
                   -- COMMAND [ARG]...`;

function parsePort(text: string, what: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what} "${text}" is not a TCP port`);
  return port;
}

function parseForward(spec: string): PortForward {
  const [host, guest, ...rest] = spec.split(':');
  if (host === undefined || guest === undefined || rest.length > 0)
    throw new Error(`--forward "${spec}" must be HOSTPORT:GUESTPORT`);
  return { host: parsePort(host, 'host port'), guest: parsePort(guest, 'guest port') };
}

function parseEnv(spec: string): [string, string] {
  const [, name, value] = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(spec) ?? [];
  if (name === undefined || value === undefined) throw new Error(`--env "${spec}" must be NAME=VALUE`);
  return [name, value];
}

function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (!(seconds > 0)) throw new Error(`--timeout "${text}" must be a positive number of seconds`);
  return seconds;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      kernel: { type: 'string', default: newestKernel.label },
      forward: { type: 'string', multiple: true, default: [] },
      modules: { type: 'string', multiple: true, default: [] },
      insmod: { type: 'string', multiple: true, default: [] },
      env: { type: 'string', multiple: true, default: [] },
      cwd: { type: 'string', default: repoRoot },
      timeout: { type: 'string', default: '600' },
      stdin: { type: 'boolean', default: false },
      console: { type: 'boolean', default: false },
      append: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length === 0) throw new Error(`no command given\n${usage}`);
  const kernel = findKernel(values.kernel);
  ensureVmDebs([kernel]);
  const result = await runInVm({
    kernel,
    command: positionals,
    cwd: resolve(values.cwd),
    modules: values.modules.flatMap((list) => list.split(/[\s,]+/).filter(Boolean)),
    insmod: values.insmod.map((file) => resolve(file)),
    forwards: values.forward.map(parseForward),
    env: Object.fromEntries(values.env.map(parseEnv)),
    stdin: values.stdin,
    timeoutSeconds: parseTimeout(values.timeout),
    onOutput: (chunk) => process.stdout.write(chunk),
    showConsole: values.console,
    kernelArgs: values.append.flatMap((args) => args.split(/\s+/).filter(Boolean)),
  });
  return result.status;
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    console.error(`tools/vm/run: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
