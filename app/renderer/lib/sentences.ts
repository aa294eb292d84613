/**
 * Every failure the renderer shows, as a sentence a user reads. Errors reach
 * the page in the shapes their makers gave them: the helper's RpcError
 * (`network.apply: RTNETLINK answers: File exists`, code in RPC_ERRORS), the
 * main process's argument checks (`files.save: invalid argument 1: must be an
 * absolute path`, app/main/service.ts), Node's errno messages (`ENOTDIR: not a
 * directory, open '/x'`) and thrown Errors with stacks. Here they lose the
 * method names, codes and stacks, and keep what happened and to what.
 */
import { ApiError } from '../../common/api.js';
import { RPC_ERRORS } from '../../../common/protocol/helper.js';

/** Codes whose message means nothing to a user: the helper and this page disagree on the protocol. */
const PROTOCOL_MISMATCH = new Set<number>([RPC_ERRORS.parse, RPC_ERRORS.invalidRequest, RPC_ERRORS.methodNotFound]);
const MISMATCH_SENTENCE =
  'The helper did not understand this request: it is probably from another vnet version. ' +
  'Restart vnet so that both come from the same one.';

/** Errno names in words (Node's and the helper's messages carry them). */
const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'exists already',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EBUSY: 'busy',
  ENAMETOOLONG: 'the name is too long',
  ECONNREFUSED: 'nothing answers there',
  ETIMEDOUT: 'no answer in time',
};

/** What a main-process argument stands for, by message and position (app/main/service.ts routes). */
const ARGUMENTS: Record<string, readonly string[]> = {
  'files.open': ['The path'],
  'files.save': ['The path', 'The document'],
  'files.saveBytes': ['The path', 'The file'],
  'files.saveDraft': ['The draft', 'The path'],
  'files.browse': ['The folder'],
  'files.makeFolder': ['The folder'],
  'files.chooseSavePath': ['The name'],
};

/** `files.save: invalid argument 1: must be …` → `The path must be …`. */
function argumentRefusal(text: string): string | undefined {
  const match = /^([a-z]+(?:\.[a-zA-Z]+)+): invalid (?:argument (\d+)[^:]*|arguments): (.*)$/s.exec(text);
  if (!match) return undefined;
  const [, channel = '', position, why = ''] = match;
  const subject = ARGUMENTS[channel]?.[Number(position) - 1] ?? 'A value this page sent';
  return `${subject} ${why.replace(/; .*/s, '')}`;
}

/** `ENOTDIR: not a directory, open '/x'` → `not a folder (/x)`; a bare `EACCES` → `permission denied`. */
function errnoInWords(text: string): string {
  return text
    .replace(
      /\b(E[A-Z]{2,}): ([^,\n]+), [a-z]+ '([^']*)'/g,
      (_all, code: string, said: string, path: string) => `${ERRNO_WORDS[code] ?? said} (${path})`,
    )
    .replace(/\b(E[A-Z]{2,})\b/g, (code: string) => ERRNO_WORDS[code] ?? code);
}

function cleaned(raw: string): string {
  const withoutStack = raw
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trim();
  const text = withoutStack.replace(/^(?:[A-Z][A-Za-z]*)?Error: /, '');
  const refusal = argumentRefusal(text);
  if (refusal) return refusal;
  return errnoInWords(
    text
      // A method name in front (`network.apply: `, `invalid params for x.y: `).
      .replace(/^(?:invalid params for )?[a-z]+(?:\.[a-zA-Z]+)+: /, '')
      // A path in front (`/home/x: no such folder`) goes behind, in brackets.
      .replace(/^(\/[^:\n]*): ([^\n]*)$/, '$2 ($1)'),
  );
}

function asSentence(text: string): string {
  // A word starts it with a capital; a field path (`nodes[0].id: …`) stays as written.
  const body = /^[a-z]+(?:[\s,:]|$)/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return /[.!?…]$/.test(body) || body.includes('\n') ? body : `${body}.`;
}

/** The sentence to show for `error`, whatever threw it. */
export function sentence(error: unknown): string {
  if (error instanceof ApiError && error.code !== undefined && PROTOCOL_MISMATCH.has(error.code))
    return MISMATCH_SENTENCE;
  const raw = error instanceof Error ? error.message : String(error);
  return asSentence(cleaned(raw) || 'Something failed without saying why');
}

/**
 * What a live panel says when its read of the helper failed: nothing when the network stopped (the
 * panel says that itself), that the helper is too old for `cannot`, else `failed` and why.
 */
export function readProblem(error: unknown, cannot: string, failed: string): string | undefined {
  if (error instanceof ApiError && error.code === RPC_ERRORS.notRunning) return undefined;
  if (error instanceof ApiError && error.code === RPC_ERRORS.methodNotFound)
    return `This helper cannot ${cannot}: it is older than the designer (restart vnet after updating it).`;
  return `${failed}: ${sentence(error)}`;
}
