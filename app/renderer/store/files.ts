/** The files slice: recent files, bundled samples, offered templates, a recovered draft, and the error banner's message. */
import type { OpenedDocument, SampleInfo } from '../../common/api.js';
import type { OfferedTemplate } from '../../../common/templates/catalog.js';
import type { SliceCreator } from './slice.js';

export interface FilesSlice {
  recent: readonly string[];
  samples: readonly SampleInfo[];
  /** Node templates offered beside the document's own (the user's folder, then the shipped ones). */
  templates: readonly OfferedTemplate[];
  /** Unsaved edits found at start, offered on the start screen. */
  draft: OpenedDocument | undefined;
  /** What the last failed operation said; shown until dismissed. */
  error: string | undefined;
}

export interface FilesActions {
  listed(lists: Partial<Pick<FilesSlice, 'recent' | 'samples' | 'templates'>>): void;
  /** The draft offered on the start screen; undefined once taken or given up. */
  offerDraft(draft: OpenedDocument | undefined): void;
  reportError(message: string | undefined): void;
}

export const createFilesSlice: SliceCreator<FilesSlice & FilesActions> = (set) => ({
  recent: [],
  samples: [],
  templates: [],
  draft: undefined,
  error: undefined,
  listed: (lists) => set(lists),
  offerDraft: (draft) => set({ draft }),
  reportError: (error) => set({ error }),
});
