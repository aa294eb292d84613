/** The files slice: recent files, bundled samples, a recovered draft, and the error banner's message. */
import type { OpenedDocument, SampleInfo } from '../../common/api.js';
import type { SliceCreator } from './slice.js';

export interface FilesSlice {
  recent: readonly string[];
  samples: readonly SampleInfo[];
  /** Unsaved edits found at start, offered on the start screen. */
  draft: OpenedDocument | undefined;
  /** What the last failed operation said; shown until dismissed. */
  error: string | undefined;
}

export interface FilesActions {
  listed(lists: Partial<Pick<FilesSlice, 'recent' | 'samples'>>): void;
  /** The draft offered on the start screen; undefined once taken or given up. */
  offerDraft(draft: OpenedDocument | undefined): void;
  reportError(message: string | undefined): void;
}

export const createFilesSlice: SliceCreator<FilesSlice & FilesActions> = (set) => ({
  recent: [],
  samples: [],
  draft: undefined,
  error: undefined,
  listed: (lists) => set(lists),
  offerDraft: (draft) => set({ draft }),
  reportError: (error) => set({ error }),
});
