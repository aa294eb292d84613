/**
 * Small modal prompts of our own: a command line, a short text (what a lab's
 * check asks for), or a question answered by one of a few buttons (unsaved
 * edits, a running network that is not the drawing). Kept out of the
 * document store because it holds a callback.
 */
import { create } from 'zustand';

export type PromptKind = 'command' | 'text' | 'choice';

/** A button of a choice: `value` is what askChoice resolves to; the first is the default. */
export interface Choice {
  value: string;
  label: string;
}

export interface PromptRequest {
  kind: PromptKind;
  title: string;
  initial: string;
  /** A choice's question in full, and its buttons. */
  message?: string;
  choices?: readonly Choice[];
  resolve(value: string | null): void;
}

export const usePrompt = create<{ request: PromptRequest | undefined }>()(() => ({ request: undefined }));

export function askFor(kind: 'command' | 'text', title: string, initial = ''): Promise<string | null> {
  return ask({ kind, title, initial });
}

/** One of `choices` (their values), or null when the dialog is dismissed (Escape, Cancel, a click beside it). */
export function askChoice(title: string, message: string, choices: readonly Choice[]): Promise<string | null> {
  return ask({ kind: 'choice', title, initial: '', message, choices });
}

function ask(request: Omit<PromptRequest, 'resolve'>): Promise<string | null> {
  usePrompt.getState().request?.resolve(null);
  return new Promise((resolve) => {
    usePrompt.setState({
      request: {
        ...request,
        resolve(value) {
          usePrompt.setState({ request: undefined });
          resolve(value);
        },
      },
    });
  });
}
