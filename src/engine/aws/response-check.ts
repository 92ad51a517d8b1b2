/**
 * A successful answer must be the operation's own document. The SDK parses any well-formed 2xx body:
 * an HTML page from a captive proxy, an empty body or another document yield an output whose members
 * are all `undefined`, which reads as an empty listing, and a shorter collect that ends OK deletes
 * records. So every 2xx body is checked before the SDK parses it: XML must have the
 * `<{Operation}Response>` root of the query protocols (EC2, Auto Scaling, ELBv2, STS), JSON (SSM) must be
 * an object. Anything else fails the call as `MalformedResponse`.
 */
import type { HttpResponse } from "@smithy/types";
import type { AnyDeserializeMiddleware, MiddlewareAdder } from "./clients.js";

/** Bytes before the root element that may be an XML declaration, whitespace or comments. */
const PROLOG_BYTES = 1024;
const XML_ROOT = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<([A-Za-z_][\w.-]*)/;

type Protocol = "xml" | "json";

async function readBody(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === "string") return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** What is wrong with `body` as the answer to `operation`, or undefined when it looks right. */
export function bodyProblem(protocol: Protocol, operation: string, body: Uint8Array): string | undefined {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, PROLOG_BYTES)).toString("utf8");
  if (protocol === "json") return /^\s*\{/.test(head) ? undefined : `expected a JSON object, got ${quoted(head)}`;
  const root = XML_ROOT.exec(head)?.[1];
  return root === `${operation}Response` ? undefined : `expected <${operation}Response>, got ${root ? `<${root}>` : quoted(head)}`;
}

function quoted(head: string): string {
  const text = head.trim();
  return text === "" ? "an empty body" : JSON.stringify(text.slice(0, 40));
}

class MalformedResponse extends Error {
  override readonly name = "MalformedResponse";
  readonly $metadata: { httpStatusCode: number };
  constructor(message: string, status: number) {
    super(message);
    this.$metadata = { httpStatusCode: status };
  }
}

function responseCheck(protocol: Protocol): AnyDeserializeMiddleware {
  return (next, context) => async (args) => {
    const result = await next(args);
    const response = result.response as HttpResponse;
    if (response.statusCode < 200 || response.statusCode >= 300) return result;
    const operation = String(context.commandName ?? "").replace(/Command$/, "");
    // The SDK reads a byte body as it would the stream (it buffers the stream the same way).
    const body = await readBody(response.body);
    response.body = body;
    const problem = bodyProblem(protocol, operation, body);
    if (problem) throw new MalformedResponse(`AWS answered ${response.statusCode} with a body that is not the operation's: ${problem}`, response.statusCode);
    return result;
  };
}

/** Installs the check on `client`, between the SDK's deserializer and the HTTP handler. */
export function checkResponses(client: { readonly middlewareStack: MiddlewareAdder }, protocol: Protocol): void {
  client.middlewareStack.addRelativeTo(responseCheck(protocol), { relation: "after", toMiddleware: "deserializerMiddleware", name: "cloudforetResponseCheck" });
}
