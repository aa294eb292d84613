/**
 * JSON-RPC 2.0 framing: parses one line into a validated request or a
 * precise error. Nothing here touches the network.
 */
import { z } from 'zod';
import { requestParams, RPC_ERRORS, type Method } from '../common/protocol/helper.js';
import { formatPath } from '../common/topology/index.js';

export type RequestId = string | number | null;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface ParsedRequest {
  id: RequestId | undefined;
  method: Method;
  params: unknown;
}

const envelope = z.object({
  jsonrpc: z.literal('2.0', { error: 'jsonrpc must be "2.0"' }),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string({ error: 'method must be a string' }),
  params: z.unknown().optional(),
});

const METHODS = Object.keys(requestParams) as Method[];

function isMethod(name: string): name is Method {
  return Object.hasOwn(requestParams, name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${formatPath(issue.path)}: ${issue.message}` : issue.message))
    .join('; ');
}

/** The id of a request, when the line carries one we can answer to. */
export function idOf(value: unknown): RequestId {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** A method's own params parser in place of its schema's (same contract as safeParse). */
export type ParamsParsers = {
  [M in Method]?: (params: unknown) => z.ZodSafeParseResult<z.output<(typeof requestParams)[M]>>;
};

export type ParseResult = { ok: true; request: ParsedRequest } | { ok: false; id: RequestId; error: RpcError };

/** Parses and validates one line, or says precisely why it is not a valid request. */
export function parseRequest(line: string, parsers: ParamsParsers = {}): ParseResult {
  const fail = (id: RequestId, code: number, message: string): ParseResult => ({
    ok: false,
    id,
    error: new RpcError(code, message),
  });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return fail(null, RPC_ERRORS.parse, `parse error: ${(error as Error).message}`);
  }
  const request = envelope.safeParse(value);
  if (!request.success)
    return fail(idOf(value), RPC_ERRORS.invalidRequest, `invalid request: ${describeIssues(request.error)}`);
  const { id, method } = request.data;
  if (!isMethod(method))
    return fail(id ?? null, RPC_ERRORS.methodNotFound, `unknown method "${method}" (known: ${METHODS.join(', ')})`);
  const parse = parsers[method] ?? ((p: unknown) => requestParams[method].safeParse(p));
  const params = parse(request.data.params ?? {});
  if (!params.success)
    return fail(id ?? null, RPC_ERRORS.invalidParams, `invalid params for ${method}: ${describeIssues(params.error)}`);
  return { ok: true, request: { id, method, params: params.data } };
}

export function responseLine(id: RequestId, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result: result ?? null });
}

export function errorLine(id: RequestId, error: RpcError): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: error.code, message: error.message, data: error.data } });
}

export function notificationLine(method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params });
}
