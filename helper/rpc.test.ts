import { describe, expect, it } from 'vitest';
import { RPC_ERRORS } from '../common/protocol/helper.js';
import { parseRequest } from './rpc.js';

const fails = (line: string) => {
  const result = parseRequest(line);
  if (result.ok) throw new Error(`accepted ${line}`);
  return { id: result.id, code: result.error.code, message: result.error.message };
};

describe('parseRequest', () => {
  it('accepts a valid request and applies schema defaults', () => {
    const result = parseRequest('{"jsonrpc":"2.0","id":7,"method":"stats.subscribe","params":{}}');
    expect(result).toEqual({ ok: true, request: { id: 7, method: 'stats.subscribe', params: { hz: 10 } } });
  });

  it('names what is wrong, with the id to answer to when there is one', () => {
    expect(fails('{oops')).toMatchObject({ id: null, code: RPC_ERRORS.parse });
    expect(fails('{"jsonrpc":"1.0","id":1,"method":"helper.version"}')).toMatchObject({
      id: 1,
      code: RPC_ERRORS.invalidRequest,
      message: expect.stringContaining('jsonrpc must be "2.0"'),
    });
    expect(fails('{"jsonrpc":"2.0","id":2,"method":"toString"}')).toMatchObject({
      id: 2,
      code: RPC_ERRORS.methodNotFound,
      message: expect.stringContaining('unknown method "toString"'),
    });
    expect(
      fails('{"jsonrpc":"2.0","id":"x","method":"process.resize","params":{"pid":1,"cols":0,"rows":5}}'),
    ).toMatchObject({
      id: 'x',
      code: RPC_ERRORS.invalidParams,
      message: expect.stringContaining('cols'),
    });
  });
});
