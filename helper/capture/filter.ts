/**
 * A capture filter in tcpdump's language, compiled by `tcpdump -ddd` (libpcap's compiler, for
 * Ethernet) into the classic BPF a packet socket runs: the kernel then queues only what matches,
 * already cut to the snap length.
 */
import { execFile } from 'node:child_process';
import { RPC_ERRORS } from '../../common/protocol/helper.js';
import { RpcError } from '../rpc.js';

/** BPF_RET | BPF_K: accept the frame, at most k bytes of it. */
const RETURN_CONSTANT = 0x06;

export const TCPDUMP_MISSING = 'capture filters need the tcpdump program: apt-get install tcpdump';

/** The instructions, four numbers each (code, jt, jf, k); no filter keeps every frame. */
export async function compileFilter(filter: string | undefined, snaplen: number): Promise<number[]> {
  if (filter === undefined || filter.trim() === '') return [RETURN_CONSTANT, 0, 0, snaplen];
  const printed = await tcpdump(['-ddd', '-y', 'EN10MB', '-s', String(snaplen), '--', filter], filter);
  const [count, ...lines] = printed.trim().split('\n');
  const numbers = lines.flatMap((line) => line.trim().split(/\s+/).map(Number));
  if (
    Number(count) !== lines.length ||
    numbers.length !== 4 * lines.length ||
    numbers.some((n) => !Number.isInteger(n))
  )
    throw new Error(`tcpdump -ddd printed what is not a BPF program: ${printed.slice(0, 200)}`);
  return numbers;
}

function tcpdump(args: string[], filter: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tcpdump', args, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new RpcError(RPC_ERRORS.backendUnavailable, TCPDUMP_MISSING));
      const reason = stderr
        .split('\n')
        .filter((l) => l.startsWith('tcpdump: '))
        .map((l) => l.replace(/^tcpdump: (can't parse filter expression: )?/, ''))
        .join('; ');
      reject(
        new RpcError(RPC_ERRORS.invalidParams, `filter "${filter}" does not compile: ${reason || 'no reason given'}`),
      );
    });
  });
}
