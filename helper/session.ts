/** One client of the helper (stdio, or one connection of the socket): where its answers and notifications go. */
export interface Session {
  send(line: string): void;
  /** Bytes sent but not yet taken by the client; a stream that can drop (a capture) drops past a bound. */
  backlog?(): number;
}
