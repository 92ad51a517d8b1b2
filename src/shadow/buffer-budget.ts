/**
 * The bytes all comparisons may hold at once (records of one side waiting for
 * their twin from the other). A comparison that cannot take what it needs is
 * abandoned and gives back what it held: a slow or dead shadow can delay
 * nothing and hold no more than this.
 */
export interface BufferBudget {
  /** Takes `bytes` if they fit; false when they do not (nothing taken). */
  take(bytes: number): boolean;
  give(bytes: number): void;
  readonly held: number;
  readonly limit: number;
}

export function createBufferBudget(limit: number): BufferBudget {
  let held = 0;
  return {
    take(bytes) {
      if (held + bytes > limit) return false;
      held += bytes;
      return true;
    },
    give(bytes) {
      held = Math.max(0, held - bytes);
    },
    get held() {
      return held;
    },
    limit,
  };
}
