import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockedByReceiver, bridgeScript, nftInstalled, receiverScript } from './nft.js';

const rules = [
  { from: ['a'], fromAddresses: ['10.0.0.1'], to: ['b'], toAddresses: ['10.0.0.2', '10.0.1.2'] },
  { from: ['b'], fromAddresses: ['10.0.0.2', '10.0.1.2'], to: ['a'], toAddresses: ['10.0.0.1'] },
];

describe('partition scripts', () => {
  it('replaces the fabric table with one drop rule per direction, on source and destination', () => {
    expect(bridgeScript(rules)).toEqual([
      'table bridge vnet_faults',
      'delete table bridge vnet_faults',
      'table bridge vnet_faults {',
      '  chain forward {',
      '    type filter hook forward priority 0; policy accept;',
      '    ip saddr { 10.0.0.1 } ip daddr { 10.0.0.2, 10.0.1.2 } drop',
      '    ip saddr { 10.0.0.2, 10.0.1.2 } ip daddr { 10.0.0.1 } drop',
      '  }',
      '}',
    ]);
  });

  it('removes the table when no partition is left', () => {
    expect(bridgeScript([])).toEqual(['table bridge vnet_faults', 'delete table bridge vnet_faults']);
    expect(receiverScript([])).toEqual(['table inet vnet_faults', 'delete table inet vnet_faults']);
  });

  it('gives each receiving node the union of what it may not hear from, on its input only', () => {
    const more = [...rules, { from: ['d'], fromAddresses: ['10.0.2.9'], to: ['a', 'c'], toAddresses: [] }];
    expect(blockedByReceiver(more)).toEqual(
      new Map([
        ['b', ['10.0.0.1']],
        ['a', ['10.0.0.2', '10.0.1.2', '10.0.2.9']],
        ['c', ['10.0.2.9']],
      ]),
    );
    expect(receiverScript(['10.0.0.1'])).toContain('    ip saddr { 10.0.0.1 } drop');
    expect(receiverScript(['10.0.0.1'])).toContain('    type filter hook input priority 0; policy accept;');
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
