/** Memoisation for one region task: each listing or per-item answer is asked for once. */

/** Loads `key` once; later callers get the same promise (its failure included). */
export type TaskMemo = <T>(key: string, load: () => Promise<T>) => Promise<T>;

export function createTaskMemo(): TaskMemo {
  const memos = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let p = memos.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      // Prefetched listings may fail before anyone awaits them; the awaiting type reports the error.
      p.catch(() => undefined);
      memos.set(key, p);
    }
    return p;
  };
}
