/** `vnet exec HOST -- CMD…`: stdio streamed both ways, the exit code passed through. */
import { constants } from 'node:os';
import type { HelperClient } from '../helper/client.js';
import { CliError } from './daemon.js';

export async function execCommand(client: HelperClient, args: string[]): Promise<number> {
  const dashes = args.indexOf('--');
  const host = args[0];
  const argv = dashes < 0 ? args.slice(1) : args.slice(dashes + 1);
  if (!host || host === '--' || argv.length === 0) throw new CliError('usage: vnet exec HOST -- CMD [ARGS...]');

  const early: { pid: number; stream: string; data: string }[] = [];
  const target: { pid?: number } = {};
  const write = (stream: string, data: string) =>
    (stream === 'stderr' ? process.stderr : process.stdout).write(Buffer.from(data, 'base64'));
  client.on('process.output', (o) =>
    target.pid === undefined ? early.push(o) : o.pid === target.pid && write(o.stream, o.data),
  );

  const exits = new Map<number, number>();
  let finish: (code: number) => void = () => undefined;
  const exit = new Promise<number>((resolve, reject) => {
    finish = resolve;
    client.on('close', (reason) => reject(new CliError(`lost the helper: ${reason}`)));
  });
  client.on('process.exit', (e) => {
    const signal = e.signal ? (constants.signals as Record<string, number | undefined>)[e.signal] : undefined;
    const code = e.code ?? 128 + (signal ?? 0);
    if (e.pid === target.pid) finish(code);
    else exits.set(e.pid, code);
  });

  const info = await client.call('process.exec', { host, argv, cwd: process.env.VNET_CWD });
  target.pid = info.pid;
  for (const o of early.filter((x) => x.pid === info.pid)) write(o.stream, o.data);
  const exited = exits.get(info.pid);
  if (exited !== undefined) finish(exited);

  const started = info.pid;
  process.stdin.on('data', (data: Buffer) => {
    void client.call('process.write', { pid: started, data: data.toString('base64') }).catch(() => undefined);
  });
  process.stdin.on('end', () => {
    void client.call('process.write', { pid: started, data: '', eof: true }).catch(() => undefined);
  });
  process.stdin.on('error', () => undefined);
  return exit;
}
