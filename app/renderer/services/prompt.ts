/**
 * Small modal prompts of our own: a path (web mode has no native file
 * dialogs), a command line, or a short text (what a lab's check asks for). Kept out of the document store because it
 * holds a callback.
 */
import { create } from 'zustand';

export type PromptKind = 'path' | 'command' | 'text' | 'confirm';

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
