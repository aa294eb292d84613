/**
 * tools/vm/run: run one command as root inside a QEMU guest booting a pinned
 * Debian kernel, with the host root visible (writable through a tmpfs
 * overlay). Exits with the command's status. Usage in tools/vm/README.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureVmDebs } from './debs.js';
import { buildModule, kmodToolsDir } from './kmod-build.js';
import { findKernel, newestKernel } from './kernels.js';
import { resolveModules } from './modules.js';
import { repoRoot } from './paths.js';
import { runInVm, type PortForward } from './qemu.js';

const usage = `usage: tools/vm/run [OPTION]... -- COMMAND [ARG]...
Runs COMMAND as root in a QEMU guest (cwd: the repository), prints its output, exits with its status.
  --kernel 6.1|6.12          pinned test kernel (default: the newest)
  --vnet                     build vnet.ko for that kernel, insmod it, export VNET_KO and VNET_TOOLS
  --insmod FILE.ko           load a module file (repeatable)
  --modules "veth bridge"    load the kernel's own modules with modprobe (repeatable)
  --forward HOST:GUEST       host 127.0.0.1:HOST reaches guest TCP port GUEST (repeatable)
  --env NAME=VALUE           environment of COMMAND (repeatable)
  --cwd DIR                  starting directory (default: the repository)
  --timeout SEC              kill the guest after SEC seconds, exit 124 (default 600)
  --stdin                    COMMAND reads the host's stdin (default /dev/null)
  --console                  copy the kernel console to stderr
  --append ARGS              extra kernel command line arguments
  --instruction-clock        guest time counts guest instructions: figures measured inside ignore the host's load`;

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
      vnet: { type: 'boolean', default: false },
      append: { type: 'string', multiple: true, default: [] },
      'instruction-clock': { type: 'boolean', default: false },
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
  const modules = values.modules.flatMap((list) => list.split(/[\s,]+/).filter(Boolean));
  resolveModules(kernel.release, modules); // unknown names fail here, before a boot
  const insmod = values.insmod.map((file) => resolve(file));
  const absent = insmod.find((file) => !existsSync(file));
  if (absent) throw new Error(`--insmod ${absent}: no such file`);
  const env = Object.fromEntries(values.env.map(parseEnv));
  if (values.vnet) {
    const module = buildModule(kernel);
    insmod.push(module);
    env.VNET_KO = module;
    env.VNET_TOOLS = kmodToolsDir;
  }
  const result = await runInVm({
    kernel,
    command: positionals,
    cwd: resolve(values.cwd),
    modules,
    insmod,
    forwards: values.forward.map(parseForward),
    env,
    stdin: values.stdin,
    timeoutSeconds: parseTimeout(values.timeout),
    onOutput: (chunk) => process.stdout.write(chunk),
    showConsole: values.console,
    kernelArgs: values.append.flatMap((args) => args.split(/\s+/).filter(Boolean)),
    instructionClock: values['instruction-clock'],
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
