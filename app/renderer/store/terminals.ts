/** The terminals slice: one tab per process shown in the dock, and which is in front. */
import type { ProcessInfo } from '../../../common/protocol/helper.js';
import type { SliceCreator } from './slice.js';

export interface TerminalTab {
  pid: number;
  host: string;
  /** What the tab runs ('' for a shell); shown after the host's name as it is now (lib/names.ts). */
  title: string;
  exited: boolean;
}

export interface TerminalsSlice {
  terminals: readonly TerminalTab[];
  /** undefined: the process list is in front. */
  activeTerminal: number | undefined;
}

export interface TerminalsActions {
  addTerminal(info: ProcessInfo, title: string): void;
  /** Closes a tab; the last remaining one comes to the front if it was. */
  removeTerminal(pid: number): void;
  terminalExited(pid: number): void;
  showTerminal(pid: number | undefined): void;
}

export const createTerminalsSlice: SliceCreator<TerminalsSlice & TerminalsActions> = (set, get) => ({
  terminals: [],
  activeTerminal: undefined,
  addTerminal(info, title) {
    set({
      terminals: [...get().terminals, { pid: info.pid, host: info.host, title, exited: false }],
      activeTerminal: info.pid,
    });
  },
  removeTerminal(pid) {
    const { terminals, activeTerminal } = get();
    const rest = terminals.filter((t) => t.pid !== pid);
    set({ terminals: rest, activeTerminal: activeTerminal === pid ? rest.at(-1)?.pid : activeTerminal });
  },
  terminalExited(pid) {
    set({ terminals: get().terminals.map((t) => (t.pid === pid ? { ...t, exited: true } : t)) });
  },
  showTerminal: (activeTerminal) => set({ activeTerminal }),
});
