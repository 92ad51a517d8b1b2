/** Searches collected output for the canary secrets (test/support/canary.ts). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface Leak {
  file: string;
  offset: number;
  /** What surrounds the hit, the canary itself replaced by `<CANARY>` (the report must not leak it again). */
  context: string;
}

/** Each canary whole, and a 12-character piece of its middle (a truncated or split copy leaks too). */
export function needlesOf(canaries: readonly string[]): string[] {
  return canaries.flatMap((c) => [c, c.slice(Math.floor(c.length / 2) - 6, Math.floor(c.length / 2) + 6)]);
}

/** Every file under `dir` (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every place in `files` where one of `needles` occurs (bytes, so binary artifacts are searched too). */
export function findLeaks(files: readonly string[], needles: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  for (const file of files) {
    if (statSync(file).size === 0) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) {
      for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) {
        const context = bytes.subarray(Math.max(0, at - 160), at + needle.length + 160).toString("latin1");
        leaks.push({ file, offset: at, context: needles.reduce((text, n) => text.split(n).join("<CANARY>"), context) });
      }
    }
  }
  return leaks;
}
