/** build:native takes Debian's Node headers only when they are the running Node's own. */
import { describe, expect, it } from 'vitest';
import { headersVersion, nodeGypArgs } from './native.js';

const versionHeader = '#define NODE_MAJOR_VERSION 20\n#define NODE_MINOR_VERSION 20\n#define NODE_PATCH_VERSION 2\n';

describe('build:native', () => {
  it("reads the system headers' version, if node_api.h is there too", () => {
    const files: Record<string, string> = { 'node_api.h': '', 'node_version.h': versionHeader };
    const read = (file: string) =>
      files[file] ??
      (() => {
        throw new Error(`no ${file}`);
      })();
    expect(headersVersion(read)).toBe('20.20.2');
    delete files['node_api.h'];
    expect(headersVersion(read)).toBeUndefined();
  });

  it('points node-gyp at /usr only for headers of this very Node', () => {
    expect(nodeGypArgs('20.20.2', '20.20.2')).toEqual(['rebuild', '--directory=native', '--nodedir=/usr']);
    expect(nodeGypArgs('20.19.0', '20.20.2')).toEqual(['rebuild', '--directory=native']);
    expect(nodeGypArgs(undefined, '20.20.2')).toEqual(['rebuild', '--directory=native']);
  });
});
