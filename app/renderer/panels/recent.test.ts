import { describe, expect, it } from 'vitest';
import { recentEntries } from './recent.js';

describe('recent file entries', () => {
  it('are named by their file, newest first as given', () => {
    expect(recentEntries(['/home/ada/lab.json', '/tmp/campus.json'])).toEqual([
      { path: '/home/ada/lab.json', label: 'lab.json' },
      { path: '/tmp/campus.json', label: 'campus.json' },
    ]);
  });

  it('tell files of the same name apart by their folder', () => {
    expect(recentEntries(['/a/x/net.json', '/a/y/net.json', '/z.json']).map((e) => e.label)).toEqual([
      'net.json — x',
      'net.json — y',
      'z.json',
    ]);
  });
});
