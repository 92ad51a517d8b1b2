/** Reads Prometheus text exposition in tests. */

/** `le` → cumulative count of histogram `name`'s series with exactly `labels` (`a="x",b="y"`), in text order. */
export function histogramBuckets(text: string, name: string, labels: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^(\w+)_bucket\{le="([^"]+)",(.*)\} (\d+)$/.exec(line);
    if (match?.[1] === name && match[3] === labels) counts.set(match[2]!, Number(match[4]));
  }
  return counts;
}
