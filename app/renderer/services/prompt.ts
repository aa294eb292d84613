/**
 * Small modal prompts of our own: a path (web mode has no native file
 * dialogs) or a command line. Kept out of the document store because it
 * holds a callback.
 */
import { create } from 'zustand';

export type PromptKind = 'path' | 'command' | 'confirm';

export interface PromptRequest {
  kind: PromptKind;
  title: string;
  initial: string;
  resolve(value: string | null): void;
}

export const usePrompt = create<{ request: PromptRequest | undefined }>()(() => ({ request: undefined }));

export function askFor(kind: PromptKind, title: string, initial = ''): Promise<string | null> {
  usePrompt.getState().request?.resolve(null);
  return new Promise((resolve) => {
    usePrompt.setState({
      request: {
        kind,
        title,
        initial,
        resolve(value) {
          usePrompt.setState({ request: undefined });
          resolve(value);
        },
      },
    });
  });
}
