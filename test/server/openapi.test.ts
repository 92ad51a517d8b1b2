/**
 * `GET /openapi.json` describes the JSON routes the server really serves: a path for every unary and
 * server-streaming method of the served services, every `$ref` resolves, and the schemas accept what the
 * routes really send and take (validated with ajv's JSON Schema 2020-12, OpenAPI 3.1's dialect) and
 * refuse what the server refuses.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../src/server/http/openapi.js";
import { DEMO_SECRET, regionTask, startCollecting, type Collecting } from "../engine/harness.js";
import { allItems } from "../support/streamed-lines.js";

let c: Collecting;
let doc: OpenApiDocument;
let ajv: Ajv2020;

beforeAll(async () => {
  c = await startCollecting();
  const res = await fetch(`${c.running.baseUrl}/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
  // OpenAPI keywords (`openapi`, `paths`, formats such as int64) are not JSON Schema's: not strict.
  ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema(doc, "openapi.json");
});
afterAll(async () => {
  await c.stop();
});

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** The schema validator at a path of the document. */
function schemaAt(path: string, ...rest: string[]): ValidateFunction {
  return ajv.compile({ $ref: `openapi.json#/${pointer("paths", path, "post", ...rest)}` });
}
const requestSchema = (path: string) => schemaAt(path, "requestBody", "content", "application/json", "schema");
const responseSchema = (path: string, status: string, type: string) => schemaAt(path, "responses", status, "content", type, "schema");

async function call(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${c.running.baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

const COLLECT = "/spaceone.api.inventory.plugin.Collector/collect";
const INIT = "/spaceone.api.inventory.plugin.Collector/init";

describe("/openapi.json", () => {
  it("is OpenAPI 3.1 with one POST per unary and server-streaming method of the served services, reflection left out", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toEqual({ title: "Cloudforet plugin", version: "0.0.0" });
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/grpc.health.v1.Health/Check",
      "/grpc.health.v1.Health/Watch",
      "/spaceone.api.core.v1.ServerInfo/get_version",
      "/spaceone.api.inventory.plugin.Collector/collect",
      "/spaceone.api.inventory.plugin.Collector/init",
      "/spaceone.api.inventory.plugin.Collector/verify",
      "/spaceone.api.inventory.plugin.Job/get_tasks",
    ]);
    const operations = Object.values(doc.paths).map((p) => p.post);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    expect(Object.keys(doc.paths[COLLECT]?.post.responses["200"]?.content ?? {})).toEqual(["application/x-ndjson", "text/event-stream"]);
    expect(Object.keys(doc.paths[INIT]?.post.responses["200"]?.content ?? {})).toEqual(["application/json"]);
  });

  it("every $ref resolves, and every component is referenced", () => {
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "$ref") refs.add(value as string);
          else walk(value);
        }
      }
    };
    walk(doc);
    expect(refs.size).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas, ref).toHaveProperty([ref.slice("#/components/schemas/".length)]);
    }
    expect(
      Object.keys(doc.components.schemas)
        .map((name) => `#/components/schemas/${name}`)
        .sort(),
    ).toEqual([...refs].sort());
  });

  it("maps proto3 JSON: Structs are free-form objects, Empty is {}, enums are names", () => {
    const schemas = doc.components.schemas;
    const propertiesOf = (name: string) => schemas[name]?.properties as Record<string, unknown>;
    expect(schemas["spaceone.api.inventory.plugin.InitRequest"]).toEqual({
      type: "object",
      title: "InitRequest",
      properties: { options: { type: "object", additionalProperties: true, description: "Any JSON object (google.protobuf.Struct)." } },
    });
    expect(Object.keys(propertiesOf("spaceone.api.inventory.plugin.CollectRequest"))).toEqual(["options", "secretData", "filter", "taskOptions"]);
    expect(propertiesOf("spaceone.api.inventory.plugin.ResourceInfo").state).toEqual({
      type: "string",
      enum: ["NONE", "CREATED", "PENDING", "INPROGRESS", "SUCCESS", "FAILURE", "TIMEOUT", "IDLE", "SKIP"],
    });
    expect(doc.paths["/spaceone.api.inventory.plugin.Collector/verify"]?.post.responses["200"]?.content["application/json"]?.schema).toEqual({
      type: "object",
      maxProperties: 0,
    });
    const validate = requestSchema(INIT);
    expect(validate({ options: {} })).toBe(true);
    expect(validate({ options: "x" })).toBe(false);
  });

  it("describes what the unary routes answer, errors included", async () => {
    const init = await call(INIT, { options: {} });
    expect(responseSchema(INIT, "200", "application/json")(await init.json())).toBe(true);
    const tasks = "/spaceone.api.inventory.plugin.Job/get_tasks";
    const taskRequest = { options: {}, secretData: DEMO_SECRET };
    expect(requestSchema(tasks)(taskRequest)).toBe(true);
    expect(responseSchema(tasks, "200", "application/json")(await (await call(tasks, taskRequest)).json())).toBe(true);
    const version = "/spaceone.api.core.v1.ServerInfo/get_version";
    expect(responseSchema(version, "200", "application/json")(await (await call(version, {})).json())).toBe(true);
    const failed = await call(INIT, {});
    expect(failed.status).toBe(400);
    const error = (await failed.json()) as { message: string };
    expect(error.message).toMatch(/^ERROR_REQUIRED_PARAMETER/);
    expect(responseSchema(INIT, "default", "application/json")(error)).toBe(true);
  });

  it("describes every line of a collect stream, and the error-only answer of a failed one", async () => {
    const request = { options: {}, secretData: DEMO_SECRET, taskOptions: regionTask("us-east-1") };
    expect(requestSchema(COLLECT)(request)).toBe(true);
    const line = responseSchema(COLLECT, "200", "application/x-ndjson");
    const items = await allItems(await call(COLLECT, request), "ndjson");
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) expect(line(item.data), JSON.stringify(line.errors)).toBe(true);
    expect(line({ state: "MAYBE" })).toBe(false);

    const failed = await call(COLLECT, { options: {} });
    expect(failed.status).toBe(400);
    const [only] = await allItems(failed, "ndjson");
    expect(responseSchema(COLLECT, "default", "application/x-ndjson")(only!.data)).toBe(true);
    expect(responseSchema(COLLECT, "default", "application/x-ndjson")({ end: { code: "ok" } })).toBe(false);
  });
});
