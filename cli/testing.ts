/**
 * What the command line's integration tests share: `vnet` run as a user
 * runs it (a separate process, bundled from the current sources by the
 * suite's global setup, helper/integration/bundle.ts, with the helper's
 * bundle beside it), against a background helper on a socket of the test's
 * own. VNET_TEST_NODE names another Node.js to run them with (the oldest the
 * bundles support, tools/build/bundles.ts), else the tests' own runs them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CLI_BUNDLE } from '../helper/integration/bundle.js';

const CLI = fileURLToPath(new URL(`../${TEST_CLI_BUNDLE}`, import.meta.url));
const NODE = process.env.VNET_TEST_NODE || process.execPath;
export const SAMPLES = fileURLToPath(new URL('../samples/', import.meta.url));

export interface Vnet {
  /** Its socket, unique to the test file. */
  socket: string;
  scratch: string;
  /** Runs `vnet ARGS` to its end. */
  run(args: string[], input?: string): { code: number | null; stdout: string; stderr: string };
  /** Starts `vnet ARGS`, calling back with each line it prints. */
  start(args: string[], onLine: (line: string) => void): Started;
  /** An executable `vnet` in scratch, for tools that run it by path (completion). */
  executable(): string;
}

export interface Started {
  signal(name: NodeJS.Signals): void;
  /** Its exit code and everything it printed. */
  done: Promise<{ code: number | null; stdout: string }>;
}

export function vnetFor(name: string): Vnet {
  const socket = `/run/vnet/cli-${name}-${process.pid}.sock`;
  const scratch = mkdtempSync(join(tmpdir(), `vnet-${name}-`));
  const env = { ...process.env, VNET_SOCKET: socket };
  const argv = (args: string[]) => [CLI, ...args];
  return {
    socket,
    scratch,
    run(args, input) {
      // A bound, not a figure: `vnet up` of a cluster takes minutes in an emulated guest on a busy machine.
      const result = spawnSync(NODE, argv(args), { env, input, encoding: 'utf8', timeout: 300_000 });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    start(args, onLine) {
      const child = spawn(NODE, argv(args), { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      let partial = '';
      child.stdout.setEncoding('utf8').on('data', (data: string) => {
        stdout += data;
        const lines = (partial + data).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      return {
        signal: (name) => child.kill(name),
        done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout }))),
      };
    },
    executable() {
      const path = join(scratch, 'vnet');
      writeFileSync(path, `#!/bin/sh\nVNET_SOCKET=${socket} exec ${NODE} ${argv([]).join(' ')} "$@"\n`);
      chmodSync(path, 0o755);
      return path;
    },
  };
}
