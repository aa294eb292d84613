import { describe, expect, it } from 'vitest';
import { readTopology } from '../../../common/topology/index.js';
import { editProcess, joinCommand, splitCommand } from './processes.js';

const doc = readTopology({
  version: 1,
  nodes: [{ id: 'a', kind: 'host', name: 'a', position: { x: 0, y: 0 }, processes: [{ argv: ['nc', '-lk', '7000'] }] }],
  links: [],
});
const processesOf = (result: ReturnType<typeof editProcess>) =>
  result.ok ? result.topology.nodes[0]?.processes : result.error;

describe("a host's processes, as command lines", () => {
  it('split into words as a shell would, quotes keeping spaces, and join back', () => {
    expect(splitCommand(`sh -c 'echo "hi there"' x`)).toEqual(['sh', '-c', 'echo "hi there"', 'x']);
    for (const argv of [
      ['nc', '-lk', '7000'],
      ['sh', '-c', 'echo hi'],
      ['echo', "it's"],
    ])
      expect(splitCommand(joinCommand(argv))).toEqual(argv);
  });

  it('are changed, added and removed; the last one removed leaves no empty list', () => {
    expect(processesOf(editProcess(doc, 'a', 0, 'nc -lk 8000'))).toEqual([{ argv: ['nc', '-lk', '8000'] }]);
    expect(processesOf(editProcess(doc, 'a', 1, 'sleep 1000'))).toEqual([
      { argv: ['nc', '-lk', '7000'] },
      { argv: ['sleep', '1000'] },
    ]);
    expect(processesOf(editProcess(doc, 'a', 0, null))).toBeUndefined();
  });

  it('refuse an empty command with the schema message', () => {
    expect(processesOf(editProcess(doc, 'a', 0, '  '))).toMatch(/must name a program to run/);
  });
});
