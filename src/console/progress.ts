/** The status bar's numbers while a call runs: elapsed time and record rate. */

export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

export function formatRate(records: number, ms: number): string {
  if (records === 0 || ms <= 0) return "– records/s";
  const perSecond = records / (ms / 1000);
  return `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)} records/s`;
}

export function formatCount(records: number): string {
  return `${records.toLocaleString("en-US")} ${records === 1 ? "record" : "records"}`;
}
