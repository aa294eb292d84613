import type { Stats } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { socketPath, trustedDirectory } from './daemon.js';

const directory = (uid: number, mode: number) => ({ uid, mode, isDirectory: () => true }) as Stats;

describe('the background helper socket', () => {
  it("is root's /run/vnet/cli.sock for root and each other user's own directory under /run/vnet", () => {
    expect(socketPath({}, 0)).toBe('/run/vnet/cli.sock');
    expect(socketPath({}, 4242)).toBe('/run/vnet/user-4242/cli.sock');
    expect(socketPath({}, 4243)).toBe('/run/vnet/user-4243/cli.sock');
  });

  it('is VNET_SOCKET where that is set', () => {
    expect(socketPath({ VNET_SOCKET: '/tmp/vnet-test.sock' }, 4242)).toBe('/tmp/vnet-test.sock');
  });

  it("lies in root's directory or in one only its user may write", () => {
    expect(trustedDirectory(directory(0, 0o41777), 4242)).toBe(true);
    expect(trustedDirectory(directory(4242, 0o40700), 4242)).toBe(true);
    expect(trustedDirectory(directory(4243, 0o40700), 4242)).toBe(false);
    expect(trustedDirectory(directory(4242, 0o40770), 4242)).toBe(false);
    expect(trustedDirectory(directory(4242, 0o40757), 4242)).toBe(false);
    expect(trustedDirectory({ uid: 4242, mode: 0o120777, isDirectory: () => false } as Stats, 4242)).toBe(false);
  });
});
