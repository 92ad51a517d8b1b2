import { describe, expect, it } from "vitest";
import { envelope, pieces } from "../../../test/support/universal-request.js";
import { createEnvelopeParser, type EnvelopePart } from "./envelope.js";

const text = (s: string) => new TextEncoder().encode(s);

/** Every part of `chunks`, parsed in order by one parser. */
function partsOf(chunks: Uint8Array[]): EnvelopePart[] {
  const parser = createEnvelopeParser();
  return chunks.flatMap((chunk) => [...parser.parse(chunk)]);
}

/** The messages of `parts`: flags and payload text. */
function messagesOf(parts: EnvelopePart[]): Array<{ flags: number; payload: string }> {
  const out: Array<{ flags: number; payload: string }> = [];
  for (const part of parts) {
    if (part.kind === "header") out.push({ flags: part.flags, payload: "" });
    else out.at(-1)!.payload += new TextDecoder().decode(part.bytes);
  }
  return out;
}

const body = new Uint8Array([...envelope(5, text("hello")), ...envelope(0, new Uint8Array(0), 2), ...envelope(3, text("abc"), 1)]);
const expected = [
  { flags: 0, payload: "hello" },
  { flags: 2, payload: "" },
  { flags: 1, payload: "abc" },
];

describe("envelope parser", () => {
  it("splits a body into headers and payload pieces, one empty last piece for an empty payload", () => {
    expect(partsOf([body]).map((p) => (p.kind === "header" ? `header ${p.flags}/${p.size}` : `payload ${p.bytes.length}${p.last ? " last" : ""}`))).toEqual([
      "header 0/5",
      "payload 5 last",
      "header 2/0",
      "payload 0 last",
      "header 1/3",
      "payload 3 last",
    ]);
  });

  it("finds the same messages however the body is chunked", () => {
    for (let size = 1; size <= body.length; size++) expect(messagesOf(partsOf(pieces(body, size))), `pieces of ${size}`).toEqual(expected);
    // Every way of cutting the body in two.
    for (let cut = 0; cut <= body.length; cut++) expect(messagesOf(partsOf([body.subarray(0, cut), body.subarray(cut)])), `cut at ${cut}`).toEqual(expected);
  });

  it("announces a header before any byte of its payload arrives", () => {
    const parser = createEnvelopeParser();
    const big = envelope(1_000_000, new Uint8Array(0));
    expect([...parser.parse(big.subarray(0, 3))]).toEqual([]);
    expect([...parser.parse(big.subarray(3))]).toMatchObject([{ kind: "header", flags: 0, size: 1_000_000 }]);
  });

  it("copies no payload byte: 4 MiB in 256-byte chunks come back as views of those chunks", () => {
    const size = 4 * 1024 * 1024;
    // The middle message's size puts the third header across two chunks.
    const messages = [envelope(size), envelope(242), envelope(size)];
    // Each chunk has a buffer of its own, so a view can be traced to the chunk it came from.
    const chunks = pieces(Buffer.concat(messages), 256).map((c) => new Uint8Array(c));
    const parser = createEnvelopeParser();
    let payloadBytes = 0;
    let copiedBytes = 0;
    for (const chunk of chunks) {
      for (const part of parser.parse(chunk)) {
        if (part.kind === "payload") {
          expect(part.bytes.buffer).toBe(chunk.buffer);
          payloadBytes += part.bytes.length;
        } else if (part.bytes.buffer !== chunk.buffer) {
          copiedBytes += part.bytes.length;
        }
      }
    }
    expect(payloadBytes).toBe(2 * size + 242);
    // Only a header split across chunks is assembled: 5 bytes, here once.
    expect(copiedBytes).toBe(5);
  });
});
