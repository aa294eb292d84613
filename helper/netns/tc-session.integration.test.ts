import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TcSession } from './tc-session.js';

const netns = `tcsession-${process.pid}`;
const ip = (...args: string[]) => execFileSync('ip', ['-n', netns, ...args], { encoding: 'utf8' });
const qdiscOf = (dev: string) => execFileSync('tc', ['-n', netns, 'qdisc', 'show', 'dev', dev], { encoding: 'utf8' });
const tbf = (dev: string, verb = 'replace') => `qdisc ${verb} dev ${dev} root tbf rate 1mbit burst 3028 limit 15140`;

describe('TcSession', () => {
  const session = new TcSession(netns);
  beforeAll(() => execFileSync('ip', ['netns', 'add', netns]));
  afterAll(async () => {
    await session.close();
    execFileSync('ip', ['netns', 'del', netns]);
  });

  it('applies lines to devices created after it started, one request after another', async () => {
    await session.run(['qdisc show dev lo']);
    ip('link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'a1');
    await session.run([tbf('a0')]);
    expect(qdiscOf('a0')).toMatch(/qdisc tbf .*rate 1Mbit/);
    ip('link', 'add', 'b0', 'type', 'veth', 'peer', 'name', 'b1');
    await Promise.all([session.run([tbf('b0')]), session.run([tbf('b1')])]);
    expect(qdiscOf('b0') + qdiscOf('b1')).toMatch(/tbf[^]*tbf/);
  });

  it('rejects a request with tc’s message when a line fails, and goes on with the next', async () => {
    await expect(session.run([tbf('a0', 'add')])).rejects.toThrow(/Command failed/);
    await expect(session.run(['qdisc del dev nosuchdev root'])).rejects.toThrow(/nosuchdev|Command failed/);
    await session.run([`qdisc del dev a0 root`]);
    expect(qdiscOf('a0')).not.toMatch(/tbf/);
  });

  it('starts tc again after tc gave up on a line and exited', async () => {
    await expect(session.run(['qdisc add dev a0 root tbf rate'])).rejects.toThrow(/exited/);
    await session.run([tbf('a0')]);
    expect(qdiscOf('a0')).toMatch(/tbf/);
  });
});
