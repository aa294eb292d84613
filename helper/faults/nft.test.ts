import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgeScript, nftInstalled } from './nft.js';

const rules = [
  { from: ['a'], fromAddresses: ['10.0.0.1', 'fd00::1'], to: ['b'], toAddresses: ['10.0.0.2', '10.0.1.2', 'fd00::2'] },
  { from: ['b'], fromAddresses: ['10.0.0.2', '10.0.1.2'], to: ['a'], toAddresses: ['10.0.0.1'] },
];

describe('partition scripts', () => {
  it('replaces the fabric table with one drop rule per direction and family, on source and destination', () => {
    expect(bridgeScript(rules)).toEqual([
      'table bridge vnet_faults',
      'delete table bridge vnet_faults',
      'table bridge vnet_faults {',
      '  chain forward {',
      '    type filter hook forward priority 0; policy accept;',
      '    ip saddr { 10.0.0.1 } ip daddr { 10.0.0.2, 10.0.1.2 } drop',
      '    ip6 saddr { fd00::1 } ip6 daddr { fd00::2 } drop',
      '    ip saddr { 10.0.0.2, 10.0.1.2 } ip daddr { 10.0.0.1 } drop',
      '  }',
      '}',
    ]);
  });

  it('removes the table when no partition is left', () => {
    expect(bridgeScript([])).toEqual(['table bridge vnet_faults', 'delete table bridge vnet_faults']);
  });
});

describe('nftInstalled', () => {
  it('finds an executable nft on the PATH only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnet-nft-'));
    try {
      const nft = join(dir, 'nft');
      expect(nftInstalled(`/nonexistent:${dir}`)).toBe(false);
      writeFileSync(nft, '#!/bin/sh\n');
      chmodSync(nft, 0o644);
      expect(nftInstalled(`/nonexistent:${dir}`)).toBe(false);
      chmodSync(nft, 0o755);
      expect(nftInstalled(`/nonexistent:${dir}`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
