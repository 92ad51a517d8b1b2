/** Reading a primary's shadow report (`GET /shadow/report`) from a test. */
import { vi } from "vitest";
import type { ShadowReport } from "../../src/shadow/report.js";

export async function shadowReport(baseUrl: string): Promise<ShadowReport> {
  return (await (await fetch(`${baseUrl}/shadow/report`)).json()) as ShadowReport;
}

/** How many calls the report has seen end (compared or not). */
export const callsSeen = (report: ShadowReport): number =>
  Object.values(report.calls).reduce((n, results) => n + Object.values(results).reduce((m, count) => m + (count ?? 0), 0), 0);

/** Polls until the report has seen `calls` calls end (comparisons end in the background, after the primary answered). */
export async function untilCallsSeen(baseUrl: string, calls: number): Promise<ShadowReport> {
  return vi.waitFor(
    async () => {
      const report = await shadowReport(baseUrl);
      if (callsSeen(report) !== calls) throw new Error(`the report has seen ${callsSeen(report)} calls, not ${calls}`);
      return report;
    },
    { timeout: 60_000, interval: 100 },
  );
}
