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
import { api } from './api.js';
import { sentence } from '../lib/sentences.js';
import { chooseFile } from './fileDialog.js';
import { askChoice } from './prompt.js';

/** Quiet time after the last edit before the draft is written. */
const DRAFT_DELAY_MS = 1000;

/** Shows a failure in the error banner; while the server is unreachable its notice already says why. */
export function reportError(error: unknown): void {
  if (!getState().connectionLost) getState().reportError(sentence(error));
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
    const [samples, recent, draft, initial, offered] = await Promise.all([
      files.samples(),
      files.recent(),
      files.recoverDraft(),
      files.initial(),
      files.templates(),
    ]);
    getState().listed({ samples, recent, templates: offered.templates });
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

const UNSAVED_CHOICES = [
  { value: 'save', label: 'Save' },
  { value: 'discard', label: "Don't save" },
] as const;

/** True when there are no unsaved edits, or they are saved now, or the user gives them up; false on Cancel. */
async function mayDiscardEdits(): Promise<boolean> {
  if (!getState().dirty) return true;
  const name = titleOf(getState());
  const answer = await askChoice(
    'Unsaved changes',
    `Save the changes to ${name} first? Without saving they are lost.`,
    UNSAVED_CHOICES,
  );
  if (answer === 'save') await saveDocument();
  return answer === 'discard' || (answer === 'save' && !getState().dirty);
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
    : await chooseFile('open', 'Open a network', '', getState().path);
  if (path) await openPath(path);
}

async function saveTo(path: string): Promise<void> {
  const { topology } = getState();
  getState().saved(await api().files.save(path, topology), topology);
  getState().listed({ recent: await api().files.recent() });
  await api().files.saveDraft(null);
}

/** Where to write a file: the native dialog, or in web mode our own file dialog; null when cancelled. */
export async function chooseSavePath(title: string, suggested: string): Promise<string | null> {
  const { files } = api();
  return files.chooseSavePath ? files.chooseSavePath(suggested) : chooseFile('save', title, suggested, getState().path);
}

export async function saveDocumentAs(): Promise<void> {
  const { path, topology } = getState();
  // A name, not a path: a '/' in the network's name would name a folder.
  const suggested = path ?? `${topology.name === 'untitled' ? 'network' : topology.name.replaceAll('/', '-')}.json`;
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
      const { topology, dirty, path } = getState();
      if (dirty) api().files.saveDraft(topology, path).catch(reportError);
    }, DRAFT_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/** A document's title: its file's name, else the network's name. */
export const titleOf = ({ path, topology }: { path?: string | undefined; topology: { name: string } }) =>
  path ? (path.split('/').pop() ?? path) : topology.name;

/** Tells the window its title and whether edits are unsaved (Quit asks before losing them). Returns the unsubscribe function. */
export function reflectDocumentState(): () => void {
  return useStore.subscribe((state, previous) => {
    const title = titleOf(state);
    if (title === titleOf(previous) && state.dirty === previous.dirty) return;
    api().window.setDocumentState({ title, dirty: state.dirty }).catch(reportError);
  });
}
