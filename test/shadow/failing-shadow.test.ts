/**
 * A shadow that hangs or dies changes nothing for the primary: the primary
 * (`--demo --shadow`) answers byte for byte as a baseline without shadow
 * (`--demo`) while the shadow is still hung — its AWS calls held by its
 * replay's hang fault, or its port accepting connections and never answering —
 * and after the shadow was killed mid-call. Nothing here measures time: the
 * primary's answer is complete while the shadow's call provably has not ended.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET } from "../conformance/plugins.js";
import { ensureBuilt } from "../server/built.js";
import { postJson, serve, untilReadiness, type Served } from "../gateway/processes.js";
import { callsSeen, shadowReport, untilCallsSeen } from "./reports.js";

const COLLECTOR = "spaceone.api.inventory.plugin.Collector";
const HUNG_REGION = "eu-west-1";
const COLLECT = {
  options: {},
  secret_data: DEMO_SECRET,
  task_options: { resource_type: "inventory.CloudService", service: "EC2", region: HUNG_REGION },
};
const POLL = { timeout: 60_000, interval: 100 };

let baseline: Served;
let expected: { status: number; text: string };

beforeAll(async () => {
  ensureBuilt();
  baseline = await serve(["--demo"]);
  await untilReadiness(baseline.baseUrl);
  expected = await postJson(baseline.baseUrl, `${COLLECTOR}/collect`, COLLECT);
  expect(expected.text).toContain('"end":{"code":"ok"}');
}, 120_000);
afterAll(async () => {
  await baseline?.stop();
});

const shadowInFlight = async (primary: Served) => {
  const text = await (await fetch(`${primary.baseUrl}/metrics`)).text();
  return Number(/^shadow_in_flight (\d+)$/m.exec(text)?.[1]);
};

describe("a shadow that hangs or dies", { timeout: 180_000 }, () => {
  let shadow: Served;
  let primary: Served;
  const replayInFlight = async () => ((await (await fetch(`${shadow.baseUrl}/replay/demo/_stats`)).json()) as { inFlight: number }).inFlight;

  beforeAll(async () => {
    shadow = await serve(["--demo"]);
    primary = await serve(["--demo", "--shadow", shadow.endpoint]);
    await Promise.all([untilReadiness(shadow.baseUrl), untilReadiness(primary.baseUrl)]);
    // Every AWS call of the region hangs on the shadow's side for ten minutes.
    const put = await fetch(`${shadow.baseUrl}/replay/demo/_faults`, {
      method: "PUT",
      body: JSON.stringify({ rules: [{ effect: "hang", region: HUNG_REGION, ms: 600_000 }] }),
    });
    expect(put.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await primary?.stop();
    await shadow?.kill();
  });

  it("hung: the primary's collect completes, byte for byte the baseline's, while the shadow's call is still held", async () => {
    const answer = await postJson(primary.baseUrl, `${COLLECTOR}/collect`, COLLECT);
    expect(answer).toEqual(expected);
    // The shadow's call is on the wire (its AWS calls held) and its comparison has not ended.
    await expect.poll(replayInFlight, POLL).toBeGreaterThanOrEqual(1);
    expect(callsSeen(await shadowReport(primary.baseUrl))).toBe(0);
    expect(await shadowInFlight(primary)).toBe(1);

    // A second call meanwhile is answered the same: the hung one holds nothing the primary needs.
    expect(await postJson(primary.baseUrl, `${COLLECTOR}/collect`, COLLECT)).toEqual(expected);
    expect(callsSeen(await shadowReport(primary.baseUrl))).toBe(0);
  });

  it("dies mid-call: the comparisons end as shadow_failed, and the primary answers as always", async () => {
    await shadow.kill();
    const report = await untilCallsSeen(primary.baseUrl, 2);
    expect(report.calls).toEqual({ collect: { shadow_failed: 2 } });
    expect(await shadowInFlight(primary)).toBe(0);

    expect(await postJson(primary.baseUrl, `${COLLECTOR}/collect`, COLLECT)).toEqual(expected);
    const init = await postJson(primary.baseUrl, `${COLLECTOR}/init`, { options: {} });
    expect(init).toEqual(await postJson(baseline.baseUrl, `${COLLECTOR}/init`, { options: {} }));
    expect((await untilCallsSeen(primary.baseUrl, 4)).calls).toEqual({ collect: { shadow_failed: 3 }, init: { shadow_failed: 1 } });
  });
});

describe("a shadow whose port accepts connections and never answers", { timeout: 180_000 }, () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  let primary: Served;

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    primary = await serve(["--demo", "--shadow", `127.0.0.1:${port}`]);
    await untilReadiness(primary.baseUrl);
  }, 120_000);
  afterAll(async () => {
    await primary?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it("the primary answers init and collect as the baseline does while the shadow's connection is held open", async () => {
    expect(await postJson(primary.baseUrl, `${COLLECTOR}/init`, { options: {} })).toEqual(
      await postJson(baseline.baseUrl, `${COLLECTOR}/init`, { options: {} }),
    );
    expect(await postJson(primary.baseUrl, `${COLLECTOR}/collect`, COLLECT)).toEqual(expected);
    // The shadow was reached and has not answered: its calls are still waiting.
    expect(sockets.size).toBeGreaterThanOrEqual(1);
    expect(callsSeen(await shadowReport(primary.baseUrl))).toBe(0);
    expect(await shadowInFlight(primary)).toBe(2);
  });
});
