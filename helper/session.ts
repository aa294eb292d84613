/** One client of the helper (stdio, or one connection of the socket): where its answers and notifications go. */
export interface Session {
  send(line: string): void;
}
