/**
 * `vnet capture` against a running network of its own (hosts ca, cb on switch clan): pcapng on
 * stdout that tcpdump reads, -c and --duration ending it, two links merged in time order.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPcapng } from '../common/capture/pcapng.js';
import { vnetFor } from './testing.js';

const cli = vnetFor('capture');
const vnet = cli.run;

const host = (id: string) => ({ id, kind: 'host', name: id, position: { x: 0, y: 0 } });
const network = {
  version: 1,
  name: 'cli-capture-test',
  nodes: [host('ca'), host('cb'), { id: 'clan', kind: 'switch', name: 'clan', position: { x: 0, y: 0 } }],
  links: [
    { id: 'ca-clan', a: { node: 'ca' }, b: { node: 'clan' } },
    { id: 'cb-clan', a: { node: 'cb' }, b: { node: 'clan' } },
  ],
};

/** Runs `vnet capture ARGS` through a shell pipeline while ca pings cb; resolves with what the pipeline printed. */
async function captureWhilePinging(args: string, pipeline = '') {
  const ping = spawn(cli.executable(), ['exec', 'ca', '--', 'ping', '-c', '50', '-i', '0.2', 'cb'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise((resolve) => ping.stdout.once('data', resolve));
  const child = spawn('sh', ['-c', `${cli.executable()} capture ${args} ${pipeline}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  let started = 0;
  child.stderr.on('data', (b: Buffer) => {
    if (!started && b.toString().includes('capturing')) started = Date.now();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  ping.kill('SIGINT');
  return { code, stdout: Buffer.concat(out), started };
}

beforeAll(() => {
  const path = join(cli.scratch, 'capture.json');
  writeFileSync(path, JSON.stringify(network));
  expect(vnet(['up', path, '--backend', 'netns']).code).toBe(0);
});

afterAll(() => {
  vnet(['down', '--purge']);
});

describe('vnet capture', () => {
  it('writes pcapng to stdout that tcpdump reads, and stops after -c frames', async () => {
    const { code, stdout } = await captureWhilePinging('ca-clan -f icmp -c 5 -w -', '| tcpdump -n -r -');
    expect(code).toBe(0);
    const lines = stdout.toString().trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/IP 10\.0\.0\.\d > 10\.0\.0\.\d: ICMP echo (request|reply)/);
  });

  it('stops after --duration, with the frames of that time only', async () => {
    const file = join(cli.scratch, 'duration.pcapng');
    const { code, started } = await captureWhilePinging(`ca-clan -f icmp --duration 1s -w ${file}`);
    expect(code).toBe(0);
    const { packets } = readPcapng(readFileSync(file));
    expect(packets.length).toBeGreaterThan(0);
    const last = Number(packets.at(-1)!.time / 1_000_000n);
    expect(last - started).toBeLessThan(1_000);
  });

  it('merges several links in time order, one interface each, named after its link', async () => {
    const file = join(cli.scratch, 'merged.pcapng');
    const { code } = await captureWhilePinging(`ca-clan cb-clan -f icmp -c 12 -w ${file}`);
    expect(code).toBe(0);
    const { interfaces, packets } = readPcapng(readFileSync(file));
    expect(interfaces.map((i) => [i.name, i.description])).toEqual([
      ['ca-clan', 'side a: ca eth0'],
      ['cb-clan', 'side a: cb eth0'],
    ]);
    expect(packets).toHaveLength(12);
    const times = packets.map((p) => p.time);
    expect(times).toEqual([...times].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    // Each frame crosses ca's link, then cb's (requests) or the other way (replies), as the same bytes.
    for (let i = 0; i + 1 < packets.length; i += 2) {
      const [first, second] = [packets[i]!, packets[i + 1]!];
      expect(second.data).toEqual(first.data);
      expect(second.interface).not.toBe(first.interface);
      // Sent by the node of the first side, received by that of the second.
      expect([first.outbound, second.outbound]).toEqual([true, false]);
    }
  });

  it('names what it cannot capture, sending nothing', () => {
    expect(vnet(['capture', 'nope'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no link "nope"') });
    const bad = vnet(['capture', 'ca-clan', '-f', 'icmp and']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('filter "icmp and" does not compile: syntax error');
  });
});
