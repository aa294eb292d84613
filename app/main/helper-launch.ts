/**
 * The main process's end of the privileged helper: starts it as
 * helper/client.ts's helperCommand decides (pkexec and the installed wrapper,
 * or directly when root) and adapts the client to the supervisor's needs.
 */
import { HelperClient } from '../../helper/client.js';
import { NOTIFICATION_NAMES } from '../common/api.js';
import type { HelperConnection } from './helper-supervisor.js';
import type { AppPaths } from './resources.js';

/** Helper notifications (all of the app's but its own 'helper.state'). */
const HELPER_NOTIFICATIONS = NOTIFICATION_NAMES.filter((name) => name !== 'helper.state');
/** A helper that does not exit this long after its input closed is killed. */
const EXIT_GRACE_MS = 15_000;

export async function launchHelper(paths: AppPaths): Promise<HelperConnection> {
  // From a checkout, the designer's own way to run as root (pkexec's failures advise it).
  const client = HelperClient.start({ helperScript: paths.helperBundle, asRoot: 'sudo npm start' });
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
