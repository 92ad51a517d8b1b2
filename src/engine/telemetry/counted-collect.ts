/** A collect stream that tells telemetry its records and how it ended. */
import type { CollectedRecord } from "../records/record.js";
import type { CollectOutcome, EngineTelemetry } from "./events.js";

/**
 * Passes `records` through, reporting each one, the stream's start and its end: `ok` when it ran to
 * its end, `cancelled` when its signal was aborted or its consumer stopped reading, `error` otherwise.
 */
export async function* countedCollect(
  records: AsyncIterable<CollectedRecord>,
  telemetry: EngineTelemetry,
  signal: AbortSignal,
): AsyncGenerator<CollectedRecord> {
  const started = performance.now();
  let outcome: CollectOutcome = "cancelled";
  telemetry.collectStarted();
  try {
    for await (const record of records) {
      telemetry.record(record);
      yield record;
    }
    outcome = "ok";
  } catch (err) {
    outcome = signal.aborted ? "cancelled" : "error";
    throw err;
  } finally {
    telemetry.collectEnded(outcome, (performance.now() - started) / 1000);
  }
}
