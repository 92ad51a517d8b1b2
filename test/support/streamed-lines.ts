/** Reads an HTTP response body as it arrives: NDJSON lines or SSE events, one at a time. */

export interface StreamItem {
  /** `message`, `end` or `error` for SSE; `line` for NDJSON. */
  event: string;
  /** The line, or the event's data, parsed. */
  data: Record<string, unknown>;
}

/** Parses each NDJSON line or SSE event of `body` as soon as it is complete. */
export async function* streamItems(body: ReadableStream<Uint8Array>, format: "ndjson" | "sse"): AsyncGenerator<StreamItem> {
  const separator = format === "sse" ? "\n\n" : "\n";
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffered += decoder.decode(read.value, { stream: true });
      let at: number;
      while ((at = buffered.indexOf(separator)) >= 0) {
        const text = buffered.slice(0, at);
        buffered = buffered.slice(at + separator.length);
        yield format === "sse" ? sseEvent(text) : { event: "line", data: JSON.parse(text) as Record<string, unknown> };
      }
    }
  } finally {
    // A caller that stops reading early cancels the body: the client goes away.
    await reader.cancel().catch(() => {});
  }
  if (buffered !== "") throw new Error(`stream ended inside an item: ${buffered.slice(0, 200)}`);
}

function sseEvent(text: string): StreamItem {
  let event = "message";
  const data: string[] = [];
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return { event, data: JSON.parse(data.join("\n")) as Record<string, unknown> };
}

/** Every item of a finished response. */
export async function allItems(res: Response, format: "ndjson" | "sse"): Promise<StreamItem[]> {
  const out: StreamItem[] = [];
  for await (const item of streamItems(res.body!, format)) out.push(item);
  return out;
}
