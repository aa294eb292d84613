import { describe, expect, it } from 'vitest';
import { emptyTopology } from '../store/state.js';
import { imageName } from './exportImage.js';

const named = (name: string, path?: string) => ({ path, topology: { ...emptyTopology(), name } });

describe('imageName', () => {
  it("names the image after the document's file, else its network", () => {
    expect(imageName(named('campus', '/home/a/labs/campus-v2.json'))).toBe('campus-v2.png');
    expect(imageName(named('office lan'))).toBe('office lan.png');
  });

  it('calls an untitled drawing network.png', () => {
    expect(imageName(named(emptyTopology().name))).toBe('network.png');
    expect(imageName(named('  '))).toBe('network.png');
  });

  it('replaces what file names cannot hold', () => {
    expect(imageName(named('a/b: c?'))).toBe('a-b- c-.png');
  });
});
