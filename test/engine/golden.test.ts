/**
 * Golden output: every task of the `demo` fixture set, collected through the
 * running server by a gRPC client, against committed JSONL under test/golden/demo/.
 * One line per ResourceInfo as the platform decodes it (proto field names, enum
 * names, empty message omitted), `json_data` / `json_metadata` parsed for
 * readability, object keys sorted, lines in a stable order.
 *
 * Each file is a vitest file snapshot (`toMatchFileSnapshot`, compared byte for byte):
 * a change in output fails with a line diff. Regenerate only on purpose, and review
 * the diff before committing:
 *   npx vitest run test/engine/golden.test.ts -u
 * (Like any vitest snapshot, a missing file is written on a developer machine and
 * refused when `CI` is set.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textOf, type JsonObject } from "../../src/common/json.js";
import { DEMO_ROLE_SECRET, DEMO_SECRET, collectAll, platformView, startCollecting, type Collecting } from "./harness.js";

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** One golden line: JSON strings inside the resource parsed, keys sorted. */
function goldenLine(view: Record<string, unknown>): string {
  const resource = { ...(view.resource as Record<string, unknown>) };
  for (const key of ["json_data", "json_metadata"]) if (typeof resource[key] === "string") resource[key] = JSON.parse(resource[key]);
  return JSON.stringify(sortKeys({ ...view, resource }));
}

function sortKey(view: Record<string, unknown>): string {
  const r = view.resource as JsonObject;
  const reference = r.reference as JsonObject | undefined;
  const id = reference?.resource_id ?? r.namespace_id ?? r.metric_id ?? r.region_code ?? r.name ?? "";
  return [view.resource_type, r.cloud_service_type ?? r.group ?? "", id].join("|");
}

async function compareGolden(file: string, lines: string[]): Promise<void> {
  await expect(lines.join("\n") + "\n", `${file} differs from the golden output`).toMatchFileSnapshot(`../golden/demo/${file}`);
}

let c: Collecting;
let tasks: JsonObject[];

beforeAll(async () => {
  c = await startCollecting();
  const res = await c.job.get_tasks({ options: {}, secretData: DEMO_SECRET });
  tasks = res.tasks.map((t) => t.taskOptions ?? {});
});
afterAll(async () => {
  await c.stop();
});

function fileOf(task: JsonObject, account: string): string {
  switch (task.resource_type) {
    case "inventory.CloudService":
      return `${account}/${textOf(task.region)}.jsonl`;
    case "inventory.CloudServiceType":
      return "cloud-service-type.jsonl";
    case "inventory.Region":
      return "region.jsonl";
    default:
      return "metric.jsonl";
  }
}

async function goldenTask(task: JsonObject, secretData: JsonObject, account: string): Promise<void> {
  const records = await collectAll(c, { secretData, taskOptions: task });
  const views = records.map(platformView);
  const lines = views
    .map((v) => ({ key: sortKey(v), line: goldenLine(v) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line < b.line ? -1 : a.line > b.line ? 1 : 0))
    .map((x) => x.line);
  await compareGolden(fileOf(task, account), lines);
}

describe("golden output of the demo fixture set", () => {
  it("plans the Python plugin's task shapes", async () => {
    await compareGolden(
      "tasks.jsonl",
      tasks.map((t) => JSON.stringify(t)),
    );
  });

  it("collects every planned task of account 111111111111 as committed", async () => {
    for (const task of tasks) await goldenTask(task, DEMO_SECRET, "111111111111");
  });

  it("collects every region of account 222222222222 (assumed role) as committed", async () => {
    for (const task of tasks.filter((t) => t.resource_type === "inventory.CloudService")) await goldenTask(task, DEMO_ROLE_SECRET, "222222222222");
  });
});
