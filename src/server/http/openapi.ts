/**
 * The OpenAPI 3.1 description of the JSON routes, generated from the service
 * descriptors the server routes (never written by hand): every unary method
 * as a POST taking and returning Connect JSON, every server-streaming method
 * as a POST answering NDJSON or SSE (`rpc/json-stream.ts`), Connect's error
 * JSON (with Cloudforet's `ERROR_CODE: message`) as the error response.
 * Client- and bidi-streaming methods have no JSON route and are left out.
 * Pure: the same function serves reflected upstream services later.
 */
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import { EVENT_STREAM, NDJSON } from "../rpc/json-stream.js";
import { messageRef, messageSchema, reachableMessages, SCHEMA_REF_PREFIX, type JsonSchema } from "./openapi-schema.js";

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** A response: its description and a schema per media type. */
export interface OpenApiResponse {
  description: string;
  content: Record<string, { schema: JsonSchema }>;
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  requestBody: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse>;
}

/** The document: one POST per routed method, message schemas as components. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: OpenApiInfo;
  servers: Array<{ url: string }>;
  tags: Array<{ name: string }>;
  paths: Record<string, { post: OpenApiOperation }>;
  components: { schemas: Record<string, JsonSchema> };
}

const ERROR = "connect.Error";
const STREAM_END = "connect.StreamEnd";
const STREAM_ERROR = "connect.StreamError";
const ref = (name: string) => ({ $ref: `${SCHEMA_REF_PREFIX}${name}` });

/** The schemas every document has: Connect's error and the last line of a stream. */
function protocolSchemas(): Record<string, JsonSchema> {
  const codes = Object.values(Code)
    .filter((c): c is Code => typeof c === "number")
    .map(codeToString);
  return {
    [ERROR]: {
      type: "object",
      description: "Connect's error JSON. `message` is Cloudforet's `ERROR_CODE: message`.",
      properties: {
        code: { type: "string", enum: codes },
        message: { type: "string", examples: ["ERROR_REQUIRED_PARAMETER: Required parameter. (key = options)"] },
        details: { type: "array", items: { type: "object" } },
      },
      required: ["code"],
    },
    [STREAM_END]: {
      type: "object",
      description: "The last line of a stream that completed.",
      properties: { end: { type: "object", properties: { code: { const: "ok" } }, required: ["code"] } },
      required: ["end"],
    },
    [STREAM_ERROR]: {
      type: "object",
      description: "The last line of a stream that failed (the only line when it failed before its first message).",
      properties: { error: ref(ERROR) },
      required: ["error"],
    },
  };
}

function jsonBody(schema: JsonSchema) {
  return { content: { "application/json": { schema } } };
}

const SSE_DESCRIPTION =
  'Server-sent events: one `message` event per message (data: its JSON), then an `end` event (data: `{"code":"ok"}`) ' +
  "or an `error` event (data: Connect's error JSON).";

function streamContent(line: JsonSchema) {
  return {
    [NDJSON]: { schema: { ...line, description: 'One JSON document per line (the schema of a line); the last line is `{"end":…}` or `{"error":…}`.' } },
    [EVENT_STREAM]: { schema: { type: "string", description: SSE_DESCRIPTION } },
  };
}

function operation(method: DescMethod, operationId: string): OpenApiOperation {
  const request = { required: true, ...jsonBody(messageRef(method.input)) };
  const base = { operationId, tags: [method.parent.typeName], summary: `${method.parent.name}.${method.name}`, requestBody: request };
  if (method.methodKind === "unary") {
    return {
      ...base,
      responses: {
        "200": { description: "The response message.", ...jsonBody(messageRef(method.output)) },
        default: { description: "The call failed.", ...jsonBody(ref(ERROR)) },
      },
    };
  }
  return {
    ...base,
    description:
      "Server streaming. Answers NDJSON, or SSE with `accept: text/event-stream`: each message as it is produced, then one last " +
      "line (event) saying how the stream ended. A stream without it was cut. A call that fails before its first message answers " +
      "the HTTP status of its error code with the error line as the whole body.",
    responses: {
      "200": {
        description: "The stream (it may still end with an error line).",
        content: streamContent({ anyOf: [messageRef(method.output), ref(STREAM_END), ref(STREAM_ERROR)] }),
      },
      default: { description: "The call failed before its first message.", content: streamContent(ref(STREAM_ERROR)) },
    },
  };
}

/** The methods with a JSON route. */
function routed(service: DescService): DescMethod[] {
  return service.methods.filter((m) => m.methodKind === "unary" || m.methodKind === "server_streaming");
}

/** The OpenAPI document of `services`' JSON routes, paths as the router serves them (`/<service>/<method>`). */
export function openApiDocument(services: readonly DescService[], info: OpenApiInfo): OpenApiDocument {
  const methods = services.flatMap(routed);
  const shortIds = methods.map((m) => `${m.parent.name}_${m.name}`);
  const paths: OpenApiDocument["paths"] = {};
  methods.forEach((method, i) => {
    // Short operation ids for code generators, unless two services share a name.
    const id =
      shortIds.indexOf(shortIds[i]!) === shortIds.lastIndexOf(shortIds[i]!) ? shortIds[i]! : `${method.parent.typeName.replaceAll(".", "_")}_${method.name}`;
    paths[`/${method.parent.typeName}/${method.name}`] = { post: operation(method, id) };
  });
  const schemas: Record<string, JsonSchema> = {};
  const messages = reachableMessages(methods.flatMap((m) => [m.input, m.output]));
  for (const [typeName, desc] of [...messages].sort(([a], [b]) => (a < b ? -1 : 1))) schemas[typeName] = messageSchema(desc);
  return {
    openapi: "3.1.0",
    info,
    servers: [{ url: "/" }],
    tags: services.filter((s) => routed(s).length > 0).map((s) => ({ name: s.typeName })),
    paths,
    components: { schemas: { ...schemas, ...protocolSchemas() } },
  };
}
