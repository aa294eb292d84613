/**
 * How the main process starts the privileged helper (helper/client.ts does
 * the talking): through pkexec and the installed wrapper that polkit's
 * policy names, or directly when already root. Under Electron the helper
 * runs with Electron itself as plain Node (ELECTRON_RUN_AS_NODE).
 */
import { existsSync } from 'node:fs';
import { HELPER_WRAPPER, HelperClient } from '../../helper/client.js';
import { NOTIFICATION_NAMES } from '../common/api.js';
import type { HelperConnection } from './helper-supervisor.js';
import type { AppPaths } from './resources.js';

export interface HelperCommand {
  argv: string[];
  env: NodeJS.ProcessEnv;
  via: 'pkexec' | 'direct';
}

/** Helper notifications (all of the app's but its own 'helper.state'). */
const HELPER_NOTIFICATIONS = NOTIFICATION_NAMES.filter((name) => name !== 'helper.state');
/** A helper that does not exit this long after its input closed is killed. */
const EXIT_GRACE_MS = 15_000;

export function helperCommand(
  paths: AppPaths,
  isRoot = process.getuid?.() === 0,
  installed = existsSync(HELPER_WRAPPER),
): HelperCommand {
  const underElectron = process.versions.electron !== undefined;
  const env = underElectron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  if (installed)
    return { argv: isRoot ? [HELPER_WRAPPER] : ['pkexec', HELPER_WRAPPER], env, via: isRoot ? 'direct' : 'pkexec' };
  // From a source tree: pkexec clears the environment, so Electron's variable goes through env(1).
  const runtime = underElectron ? ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath] : [process.execPath];
  const program = [...runtime, paths.helperBundle];
  return isRoot ? { argv: program, env, via: 'direct' } : { argv: ['pkexec', ...program], env, via: 'pkexec' };
}

export async function launchHelper(paths: AppPaths): Promise<HelperConnection> {
  const command = helperCommand(paths);
  const client = HelperClient.start({ command: command.argv, env: command.env });
  return {
    call: (method, params) => client.call(method, params),
    onNotification(listener) {
      for (const name of HELPER_NOTIFICATIONS) {
        (client.on as (event: string, listener: (payload: unknown) => void) => void)(name, (payload) =>
          listener(name as never, payload as never),
        );
      }
    },
    onExit: (listener) => client.on('close', listener),
    async close() {
      client.close();
      const killer = setTimeout(() => client.pid && process.kill(client.pid, 'SIGKILL'), EXIT_GRACE_MS);
      await client.exited();
      clearTimeout(killer);
    },
  };
}
