/**
 * Processes inside hosts: shells and commands on a pty, shown in terminal
 * tabs. Output can arrive before a terminal is on screen (or before exec's
 * reply), so it waits in a buffer until the pane attaches.
 */
import type { ProcessInfo } from '../../../common/protocol/helper.js';
import { base64ToBytes, textToBase64 } from '../../../common/protocol/base64.js';
import { nodeName } from '../lib/names.js';
import { getState } from '../store/index.js';
import { api } from './api.js';
import { reportError } from './files.js';
import { askFor } from './prompt.js';

/** The shell a terminal runs in a host. */
export const SHELL = ['/bin/bash', '-i'];
const INITIAL_SIZE = { cols: 100, rows: 30 };
/** Most bytes kept for a pid nobody shows yet. */
const PENDING_LIMIT = 1 << 20;

type Sink = (bytes: Uint8Array) => void;
const sinks = new Map<number, Sink>();
const pending = new Map<number, Uint8Array[]>();

export function attachTerminal(pid: number, sink: Sink): () => void {
  sinks.set(pid, sink);
  pending.get(pid)?.forEach(sink);
  pending.delete(pid);
  return () => {
    if (sinks.get(pid) === sink) sinks.delete(pid);
  };
}

function deliver(pid: number, bytes: Uint8Array): void {
  const sink = sinks.get(pid);
  if (sink) return sink(bytes);
  const queue = pending.get(pid) ?? [];
  if (queue.reduce((n, b) => n + b.length, 0) + bytes.length <= PENDING_LIMIT) queue.push(bytes);
  pending.set(pid, queue);
}

export function refreshProcesses(): Promise<void> {
  return api()
    .process.list({})
    .then((processes) => getState().processesListed(processes))
    .catch(reportError);
}

/** `command`: what a Run-command tab runs ('' for a shell); the tab is titled with its host's name as it is now. */
function addTab(info: ProcessInfo, command: string): void {
  getState().addTerminal(info, command);
  void refreshProcesses();
}

const nameOf = (host: string) => nodeName(getState().topology.nodes, host);

export async function openTerminal(host: string): Promise<void> {
  try {
    addTab(await api().process.exec({ host, argv: SHELL, pty: INITIAL_SIZE }), '');
  } catch (error) {
    reportError(error);
  }
}

export async function runCommand(host: string): Promise<void> {
  const command = await askFor('command', `Run on ${nameOf(host)}`);
  if (!command?.trim()) return;
  try {
    addTab(await api().process.exec({ host, argv: ['/bin/sh', '-c', command], pty: INITIAL_SIZE }), command);
  } catch (error) {
    reportError(error);
  }
}

export const writeToProcess = (pid: number, text: string) =>
  api()
    .process.write({ pid, data: textToBase64(text) })
    .catch(reportError);

export const resizeProcess = (pid: number, cols: number, rows: number) =>
  api()
    .process.resize({ pid, cols, rows })
    .catch(() => {
      // A process that just exited cannot be resized; nothing to tell the user.
    });

export const killProcess = (pid: number) =>
  api().process.signal({ pid, signal: 'SIGTERM' }).then(refreshProcesses, reportError);

export function closeTerminal(pid: number): void {
  const tab = getState().terminals.find((t) => t.pid === pid);
  getState().removeTerminal(pid);
  pending.delete(pid);
  if (tab && !tab.exited)
    void api()
      .process.signal({ pid, signal: 'SIGHUP' })
      .catch(() => undefined);
}

/** Routes process output and exits to the terminals. Returns the unsubscribe function. */
export function followProcesses(): () => void {
  const { on } = api();
  const stops = [
    on('process.output', ({ pid, data }) => deliver(pid, base64ToBytes(data))),
    on('process.exit', ({ pid, code, signal }) => {
      deliver(
        pid,
        new TextEncoder().encode(`\r\n[process exited${signal ? ` on ${signal}` : ` with code ${code}`}]\r\n`),
      );
      getState().terminalExited(pid);
      void refreshProcesses();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
