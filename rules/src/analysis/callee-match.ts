/** Matching configured dotted callees (`settings.idempotency.*`) against call sites. */

/** `this.bus.subscribe` matches "bus.subscribe" and "subscribe"; "bus.subscribe" does not match "xbus.subscribe". */
export function calleeMatches(path: string | null, configured: string): boolean {
  if (!path) return false;
  return path === configured || path.endsWith(`.${configured}`);
}
