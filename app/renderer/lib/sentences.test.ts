import { describe, expect, it } from 'vitest';
import { ApiError } from '../../common/api.js';
import { RPC_ERRORS } from '../../../common/protocol/helper.js';
import { parseRequest } from '../../../helper/rpc.js';
import { createService } from '../../main/service.js';
import { CONNECTION_LOST } from '../transport/web.js';
import { sentence } from './sentences.js';

/** What the main process's argument check rejects with, made by the real service. */
async function mainRefusal(channel: string, args: unknown[]): Promise<unknown> {
  const service = createService({ files: {} as never, helper: {} as never, captures: {} as never });
  return service.handle(channel, args).then(
    () => expect.fail(`${channel} accepted ${JSON.stringify(args)}`),
    (error: unknown) => error,
  );
}

/** What the helper answers a line with, as the page receives it (an ApiError with the code). */
function helperRefusal(line: string): ApiError {
  const parsed = parseRequest(line);
  if (parsed.ok) return expect.fail(`the helper accepted ${line}`);
  return new ApiError(parsed.error.message, parsed.error.code);
}

const leaks = /^[a-z]+\.[a-zA-Z]+:|code 10\d\d|Error:|\bE[A-Z]{3,}\b|\n\s+at /;

describe('sentence', () => {
  it('names the argument the main process refused, without its channel', async () => {
    const error = await mainRefusal('files.save', ['network.json', {}]);
    expect(String(error)).toContain('files.save: invalid argument 1');
    expect(sentence(error)).toBe('The path must be an absolute path.');
    expect(sentence(await mainRefusal('files.browse', ['/' + 'a'.repeat(5000)]))).toBe('The folder is too long.');
  });

  it('drops the method in front of a helper failure and says errnos in words', () => {
    const error = new ApiError('network.apply: link h1-eth0: EEXIST', RPC_ERRORS.internal);
    expect(sentence(error)).toBe('Link h1-eth0: exists already.');
  });

  it('says a protocol mismatch instead of the helper listing its methods', () => {
    const said = sentence(helperRefusal('{"jsonrpc":"2.0","id":1,"method":"network.fly"}'));
    expect(said).toMatch(/another vnet version/);
    expect(said).not.toMatch(/network\.fly|known:/);
  });

  it('keeps what the helper said about bad parameters, without the method', () => {
    const said = sentence(helperRefusal('{"jsonrpc":"2.0","id":1,"method":"node.crash","params":{}}'));
    expect(said).not.toMatch(leaks);
    expect(said).not.toContain('node.crash');
  });

  it("turns Node's errno messages and stacks into words", () => {
    const error = new Error("ENOTDIR: not a directory, open '/etc/hostname/x.json'");
    error.stack = `Error: ${error.message}\n    at open (node:fs:1:1)`;
    expect(sentence(error)).toBe('Not a folder (/etc/hostname/x.json).');
    expect(sentence(new Error('Error: boom\n    at f (x.js:1:1)'))).toBe('Boom.');
  });

  it('puts a path that leads a refusal behind it', () => {
    expect(sentence(new Error('/etc/hostname: not a folder'))).toBe('Not a folder (/etc/hostname).');
    expect(sentence(new Error('Cannot save /x/y.json: its folder does not exist'))).toBe(
      'Cannot save /x/y.json: its folder does not exist.',
    );
  });

  it('leaves sentences already in words alone', () => {
    expect(sentence(new ApiError(CONNECTION_LOST))).toBe(CONNECTION_LOST);
    expect(sentence('nothing to export: the network is empty')).toBe('Nothing to export: the network is empty.');
  });

  it('is never empty', () => {
    expect(sentence(new Error(''))).toMatch(/\w/);
  });
});
