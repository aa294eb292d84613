/**
 * New, Open, Save, Save As, samples, recent files and crash recovery,
 * through api.files. A document is checked with the shared schema before it
 * replaces the open one; a refused file leaves the open document untouched.
 */
import type { OpenedDocument } from '../../common/api.js';
import { parseTopology, formatProblems } from '../../../common/topology/index.js';
import { layoutTopology, needsLayout } from '../actions/layout.js';
import { getState, useStore } from '../store/index.js';
import { emptyTopology } from '../store/state.js';
import { api, messageOf } from './api.js';
import { askFor } from './prompt.js';

/** Quiet time after the last edit before the draft is written. */
const DRAFT_DELAY_MS = 1000;

export function reportError(error: unknown): void {
  getState().reportError(messageOf(error));
}

/** Runs a file operation, sending any failure to the error banner. */
async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    reportError(error);
  }
}

/** Replaces the open document (after checking it); `dirty` when it holds edits never saved (a recovered draft). */
export function loadDocument(doc: OpenedDocument, dirty = false): void {
  const result = parseTopology(doc.topology);
  if (!result.ok) throw new Error(formatProblems(result.problems));
  const laidOut = needsLayout(result.topology);
  getState().open(
    { topology: laidOut ? layoutTopology(result.topology) : result.topology, path: doc.path },
    dirty || laidOut,
  );
}

/** Reads the recent files again (another window or a save elsewhere may have changed them). */
export async function refreshRecent(): Promise<void> {
  await guarded(async () => getState().listed({ recent: await api().files.recent() }));
}

/** Shows the start screen (samples, recent files) over the open document, which stays as it is. */
export async function showStartScreen(): Promise<void> {
  getState().showDrawing(false);
  await refreshRecent();
}

/** Fills the start screen, and opens the document the app was launched with, if any. */
export async function startUp(): Promise<void> {
  await guarded(async () => {
    const { files } = api();
    const [samples, recent, draft, initial] = await Promise.all([
      files.samples(),
      files.recent(),
      files.recoverDraft(),
      files.initial(),
    ]);
    getState().listed({ samples, recent });
    getState().offerDraft(draft ?? undefined);
    // Unsaved edits from a crash come first: the start screen offers them.
    if (initial && !draft) loadDocument(initial);
  });
}

/** Opens another document in place of the current one; the unsaved edits the user gave up are no longer kept as a draft. */
async function replaceDocument(doc: OpenedDocument): Promise<void> {
  loadDocument(doc);
  getState().offerDraft(undefined);
  await api().files.saveDraft(null);
}

/** True when there are no unsaved edits, or the user agrees to lose them. */
async function mayDiscardEdits(): Promise<boolean> {
  const { dirty, path, topology } = getState();
  if (!dirty) return true;
  const name = path?.split('/').pop() ?? topology.name;
  return (await askFor('confirm', `Discard the unsaved changes to ${name}?`)) !== null;
}

export async function newDocument(): Promise<void> {
  if (await mayDiscardEdits()) await guarded(() => replaceDocument({ topology: emptyTopology() }));
}

export const openSample = (id: string) =>
  guarded(async () => {
    if (await mayDiscardEdits()) await replaceDocument(await api().files.openSample(id));
  });

export const openPath = (path: string) =>
  guarded(async () => {
    if (!(await mayDiscardEdits())) return;
    await replaceDocument(await api().files.open(path));
    getState().listed({ recent: await api().files.recent() });
  });

export const recoverDraft = () =>
  guarded(async () => {
    const { draft } = getState();
    if (draft) loadDocument(draft, true);
    getState().offerDraft(undefined);
  });

export async function openDocument(): Promise<void> {
  const { files } = api();
  const path = files.chooseOpenPath
    ? await files.chooseOpenPath()
    : await askFor('path', 'Open file', getState().path ?? '');
  if (path) await openPath(path);
}

async function saveTo(path: string): Promise<void> {
  const { topology } = getState();
  getState().saved(await api().files.save(path, topology), topology);
  getState().listed({ recent: await api().files.recent() });
  await api().files.saveDraft(null);
}

/** Where to write a file: the native dialog, or in web mode our own path dialog; null when cancelled. */
export async function chooseSavePath(title: string, suggested: string): Promise<string | null> {
  const { files } = api();
  return files.chooseSavePath ? files.chooseSavePath(suggested) : askFor('path', title, suggested);
}

export async function saveDocumentAs(): Promise<void> {
  const { path, topology } = getState();
  const suggested = path ?? `${topology.name === 'untitled' ? 'network' : topology.name}.json`;
  const chosen = await chooseSavePath('Save as', suggested);
  if (chosen) await guarded(() => saveTo(chosen));
}

export async function saveDocument(): Promise<void> {
  const { path } = getState();
  if (path) await guarded(() => saveTo(path));
  else await saveDocumentAs();
}

/** Writes unsaved edits for crash recovery, once edits pause. Returns the unsubscribe function. */
export function keepDrafts(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useStore.subscribe((state, previous) => {
    if (state.topology === previous.topology || !state.dirty) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const { topology, dirty } = getState();
      if (dirty) api().files.saveDraft(topology).catch(reportError);
    }, DRAFT_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

const titleOf = ({ path, topology }: { path: string | undefined; topology: { name: string } }) =>
  path ? (path.split('/').pop() ?? path) : topology.name;

/** Tells the window its title and whether edits are unsaved (Quit asks before losing them). Returns the unsubscribe function. */
export function reflectDocumentState(): () => void {
  return useStore.subscribe((state, previous) => {
    const title = titleOf(state);
    if (title === titleOf(previous) && state.dirty === previous.dirty) return;
    api().window.setDocumentState({ title, dirty: state.dirty }).catch(reportError);
  });
}
