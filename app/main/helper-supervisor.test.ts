import { describe, expect, it } from 'vitest';
import { HelperClient } from '../../helper/client.js';
import type { HelperState } from '../common/api.js';
import { HelperSupervisor, type HelperConnection } from './helper-supervisor.js';

/** A helper command that ends at once with `code` (pkexec's own failures are worded by helper/client.ts). */
function exitingHelper(code: number, starts: { count: number }): () => Promise<HelperConnection> {
  return async () => {
    starts.count++;
    const client = HelperClient.start({ command: ['sh', '-c', `exit ${code}`] });
    return {
      call: (method, params) => client.call(method, params),
      onNotification: () => undefined,
      onExit: (listener) => client.on('close', listener),
      close: async () => client.close(),
    };
  };
}

describe('HelperSupervisor', () => {
  it('says why the helper could not start, and does not try again on its own', async () => {
    const starts = { count: 0 };
    const supervisor = new HelperSupervisor(exitingHelper(126, starts));
    const states: HelperState[] = [];
    supervisor.subscribe((name, payload) => name === 'helper.state' && states.push(payload as HelperState));

    await expect(supervisor.call('network.status', {})).rejects.toThrow(
      'The vnet helper could not start: the helper exited (code 126). You can still draw and save.',
    );
    expect(states.map((s) => s.state)).toEqual(['starting', 'failed']);
    expect(supervisor.state.state).toBe('failed');

    await expect(supervisor.call('network.status', {})).rejects.toThrow('Restart the helper to try again.');
    expect(starts.count).toBe(1);

    await expect(supervisor.restart()).rejects.toThrow('the helper exited (code 126)');
    expect(starts.count).toBe(2);
  });
});
