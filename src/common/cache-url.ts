/**
 * What `COLLECTOR_CACHE_URL` accepts (the config table checks it; the engine's store opener asks the
 * kind): `file:///absolute/directory` or `redis://[:password@]host:port[/db]` (`rediss://` for TLS).
 */

/** The URL's kind, or why it is not a cache URL. */
export function cacheUrlKind(url: URL): "file" | "redis" | { problem: string } {
  switch (url.protocol) {
    case "file:":
      return url.host !== "" || url.pathname === "/" ? { problem: "expected file:///absolute/directory" } : "file";
    case "redis:":
    case "rediss:":
      return url.hostname === "" ? { problem: "expected redis://host:port[/db]" } : "redis";
    default:
      return { problem: "expected file:///directory or redis://host:port[/db]" };
  }
}

/** Why `value` is not a cache URL, or undefined. Never repeats the value: it may hold a Redis password. */
export function cacheUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "expected file:///directory or redis://host:port[/db], got a value that is not a URL";
  }
  const kind = cacheUrlKind(url);
  return typeof kind === "string" ? undefined : `${kind.problem} (got a ${url.protocol} URL)`;
}
