/**
 * `vnet exec HOST -- CMD…`: a command run inside a host
 * (common/scenario/exec.ts), its stdio streamed both ways and its exit
 * code passed through.
 */
import { runInHost } from '../common/scenario/exec.js';
import { withSession, type Session } from './session.js';
import { UsageError } from './spec.js';

/** Says which host is unknown, in the command line's words, before anything runs. */
export async function requireHost(session: Session, host: string, command: string): Promise<void> {
  const { hosts } = await session.call('network.status', {});
  if (!hosts[host])
    throw new UsageError(
      `no host "${host}" in the running network (its hosts: ${Object.keys(hosts).join(', ') || 'none'})`,
      command,
    );
}

/** Passes this terminal's stdin to the command, then closes the command's. */
function feedInput(session: Session, pid: number, input: NodeJS.ReadableStream): void {
  const send = (data: string, eof?: boolean) =>
    void session.client.call('process.write', { pid, data, eof }).catch(() => undefined);
  input.on('data', (data: Buffer) => send(data.toString('base64')));
  input.on('end', () => send('', true));
  input.on('error', () => undefined);
}

export function execCommand(host: string, argv: string[]): Promise<number> {
  return withSession(async (session) => {
    await requireHost(session, host, 'exec');
    return runInHost(session, host, argv, {
      output: (stream, bytes) => (stream === 'stderr' ? process.stderr : process.stdout).write(bytes),
      started: (pid) => feedInput(session, pid, process.stdin),
      cwd: process.env.VNET_CWD,
    });
  });
}
