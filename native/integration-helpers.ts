/** Shared by native/*.integration.test.ts: unique names and running a program to completion. */
import { execFileSync } from 'node:child_process';
import { spawn, type ExitStatus, type SpawnOptions } from './index.js';

export const TEST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A namespace name no other test run (or teammate) uses. */
export function uniqueName(label: string): string {
  return `vnet-t${process.pid}-${label}`;
}

export function ipNetnsList(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

export interface Completed extends ExitStatus {
  stdout: string;
  stderr: string;
}

/** Runs argv with pipes inside netns (as root unless options say otherwise) and collects its output. */
export async function runIn(netns: string, argv: string[], options: Partial<SpawnOptions> = {}): Promise<Completed> {
  const child = spawn({ netns, argv, env: { PATH: TEST_PATH }, uid: 0, gid: 0, groups: [], ...options });
  child.stdin?.end();
  const [stdout, stderr, status] = await Promise.all([readAll(child.stdout), readAll(child.stderr), child.exited]);
  return { ...status, stdout, stderr };
}

/** Everything a stream gives until its end ('' for no stream); call before the stream can end. */
export function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => (text += chunk));
    stream?.on('end', () => resolve(text));
    stream?.on('error', reject);
    if (!stream) resolve('');
  });
}
