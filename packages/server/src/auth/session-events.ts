// Session ends inside this process (logout, token revocation, a user disabled, given a new role or
// password), told to whoever holds a session open — the live WebSocket closes its sockets at once.
// Other processes and expiry are caught by the WebSocket's periodic re-check of its token.

export type SessionEnd =
  | { kind: 'token'; tokenId: string; reason: 'logout' | 'revoke' }
  | { kind: 'user'; userId: string; reason: 'user-changed' | 'password-change' };

export class SessionEvents {
  private readonly listeners = new Set<(end: SessionEnd) => void>();

  /** Calls `listener` for every session end until the returned function is called. */
  on(listener: (end: SessionEnd) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ended(end: SessionEnd): void {
    for (const listener of this.listeners) listener(end);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
