/**
 * Labels whole lines of a chunked text stream: a line is passed on once it
 * ends (or at flush), so streams written side by side to one terminal never
 * cut into each other's lines.
 */
export interface LineLabeller {
  /** The complete lines this chunk ends, each prefixed; the rest waits. */
  push(text: string): string;
  /** What is left of an unfinished last line, prefixed. */
  flush(): string;
}

export function lineLabeller(prefix: string): LineLabeller {
  let partial = '';
  return {
    push(text) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      return lines.map((line) => `${prefix}${line}\n`).join('');
    },
    flush() {
      const rest = partial ? `${prefix}${partial}\n` : '';
      partial = '';
      return rest;
    },
  };
}
