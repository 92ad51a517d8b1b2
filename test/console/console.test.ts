/**
 * The browser console end to end: the compiled server in `--demo`, the page in
 * real headless Chromium (Debian's), every call made by the page over gRPC-Web.
 * What the page shows is checked against the reviewed golden output of the demo
 * (test/golden/demo/); cancellation against the replay's own counters and the
 * server's log. Screenshots go to test-artifacts/console/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../src/console/build.js";
import { CONSOLE_CSP } from "../../src/server/http/console.js";
import { ensureBuilt, REPO } from "../server/built.js";
import { startProcess, type Spawned } from "../server/spawn.js";
import { CANARY_SECRET_ACCESS_KEY } from "../support/canary.js";
import { DEMO_SECRET } from "../../src/replay/demo-keys.js";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ARTIFACTS = join(REPO, "test-artifacts/console");
const { aws_access_key_id: DEMO_KEY_ID, aws_secret_access_key: DEMO_SECRET_KEY } = DEMO_SECRET;
/** Typed into the page for the bad-credentials case: must end up nowhere but the request (a canary, test/support/canary.ts). */
const TYPED_SECRET = CANARY_SECRET_ACCESS_KEY;
/** Generous: the machine may be busy with other test files and builds. */
const STEP_MS = 90_000;

interface GoldenRecord {
  resource_type: string;
  resource: Record<string, unknown>;
}

function jsonLines<T>(path: string): T[] {
  return readFileSync(join(REPO, "test/golden/demo", path), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

/** What a full collect of account 111111111111 sends: its three regions plus the card, region and metric tasks. */
const GOLDEN: GoldenRecord[] = [
  "cloud-service-type.jsonl",
  "region.jsonl",
  "metric.jsonl",
  "111111111111/ap-northeast-2.jsonl",
  "111111111111/eu-west-1.jsonl",
  "111111111111/us-east-1.jsonl",
].flatMap((file) => jsonLines<GoldenRecord>(file));
const GOLDEN_TASKS = jsonLines<Record<string, unknown>>("tasks.jsonl");

/** The golden records counted the way the page labels them: cloud service type (or record type) × region. */
function goldenCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { resource_type, resource } of GOLDEN) {
    const kind = resource_type === "inventory.CloudService" ? String(resource.cloud_service_type) : resource_type.replace("inventory.", "");
    const key = `${kind} ${typeof resource.region_code === "string" ? resource.region_code : "global"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Rebuilds dist/console when a console source is newer than the built page (npm test has built it already). */
async function ensureConsoleBuilt(): Promise<void> {
  const built = join(REPO, "dist/console/index.html");
  const source = join(REPO, "src/console");
  const newest = Math.max(...readdirSync(source).map((name) => statSync(join(source, name)).mtimeMs));
  if (!existsSync(built) || statSync(built).mtimeMs < newest) await buildConsole({ sourceDir: source, outDir: join(REPO, "dist/console") });
}

/** Every file under `dir` that contains one of `needles`. */
function filesContaining(dir: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch {
      continue; // sockets, files Chromium removed meanwhile
    }
    if (needles.some((needle) => content.includes(needle))) found.push(path);
  }
  return found;
}

describe.skipIf(!HAVE_CHROMIUM)(
  `browser console in headless Chromium${HAVE_CHROMIUM ? "" : ` (SKIPPED: ${CHROMIUM} is missing; apt-get install chromium)`}`,
  () => {
    let server: Spawned;
    let base: string;
    let profile: string;
    let context: BrowserContext;
    let page: Page;
    const requests: Array<{ method: string; url: string; contentType: string }> = [];
    const consoleMessages: string[] = [];
    const pageErrors: string[] = [];

    const replay = (path: string, init?: RequestInit) => fetch(`${base}/replay/demo/${path}`, init);
    const replayStats = async () => (await (await replay("_stats")).json()) as { inFlight: number; totals: { calls: number } };
    const rowCount = () => page.locator("#records tbody tr").count();
    const visibleRowCount = () => page.locator("#records tbody tr:not([hidden])").count();
    const phase = () => page.locator("#statusbar").getAttribute("data-phase");

    /** Clicks an action button and waits until its call has ended; returns how it ended. */
    async function runAction(action: string): Promise<string | null> {
      await page.click(`button[data-action="${action}"]`);
      await page.waitForSelector('#statusbar:not([data-phase="running"])');
      return phase();
    }

    beforeAll(async () => {
      ensureBuilt();
      await ensureConsoleBuilt();
      mkdirSync(ARTIFACTS, { recursive: true });
      server = startProcess(["--demo", "--port", "0"]);
      base = `http://127.0.0.1:${await server.listening}`;
      profile = mkdtempSync(join(tmpdir(), "console-chromium-"));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
      });
      context.setDefaultTimeout(STEP_MS);
      // Every request the page makes passes here; anything not for this server is refused.
      await context.route("**/*", (route) => {
        const request = route.request();
        requests.push({ method: request.method(), url: request.url(), contentType: request.headers()["content-type"] ?? "" });
        return new URL(request.url()).origin === base ? route.continue() : route.abort("blockedbyclient");
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on("console", (message) => {
        if (message.type() !== "debug" && !message.text().startsWith("[DOM] ")) consoleMessages.push(`${message.type()}: ${message.text()}`);
      });
      page.on("pageerror", (error) => pageErrors.push(error.message));
    }, 120_000);

    afterAll(async () => {
      await context?.close().catch(() => {});
      if (profile) rmSync(profile, { recursive: true, force: true });
      if (server) {
        server.child.kill("SIGTERM");
        await server.exited;
      }
    });

    it(
      "opens from the server, under its CSP, with the forms prefilled for the demo",
      async () => {
        const response = await page.goto(`${base}/`);
        expect(response?.status()).toBe(200);
        expect(response?.headers()["content-security-policy"]).toBe(CONSOLE_CSP);
        await page.waitForSelector("body[data-ready]");
        expect(await page.locator("#demo-badge").isVisible()).toBe(true);
        expect(await page.inputValue('[data-secret-key="aws_access_key_id"]')).toBe(DEMO_KEY_ID);
        expect(await page.inputValue('[data-secret-key="aws_secret_access_key"]')).toBe(DEMO_SECRET_KEY);
        expect(await page.getAttribute('[data-secret-key="aws_secret_access_key"]', "type")).toBe("password");
        // No field offers to remember what is typed into it.
        expect(
          await page.$$eval("input, textarea", (fields) => fields.filter((f) => f.getAttribute("autocomplete") !== "off").map((f) => f.outerHTML)),
        ).toEqual([]);
      },
      STEP_MS,
    );

    it(
      "answers Init and Get tasks; a planned task fills the task options",
      async () => {
        expect(await runAction("init")).toBe("done");
        expect(await page.textContent("#detail-title")).toBe("Collector.init");
        expect(await page.textContent("#detail-body")).toContain('"supported_resource_type"');

        expect(await runAction("get-tasks")).toBe("done");
        const tasks = page.locator("#tasks button");
        expect(await tasks.count()).toBe(GOLDEN_TASKS.length + 1); // "Every task" first
        await tasks.filter({ hasText: "CloudService · EC2 · us-east-1" }).click();
        expect(JSON.parse(await page.inputValue("#task-options"))).toEqual(GOLDEN_TASKS.find((t) => t.region === "us-east-1"));
        await tasks.filter({ hasText: "Every task" }).click();
        expect(await page.inputValue("#task-options")).toBe("");
      },
      STEP_MS,
    );

    it(
      "collects the demo over gRPC-Web: every record lands in the table, counted by type and region",
      async () => {
        expect(await runAction("collect")).toBe("done");
        expect(await rowCount()).toBe(GOLDEN.length);
        expect(await page.textContent("#status-records")).toBe(`${GOLDEN.length} records`);
        const shown = new Map<string, number>();
        for (const cell of await page.locator("#counts button.cell[data-region]").all()) {
          shown.set(`${await cell.getAttribute("data-kind")} ${await cell.getAttribute("data-region")}`, Number(await cell.textContent()));
        }
        expect(shown).toEqual(goldenCounts());
        await page.screenshot({ path: join(ARTIFACTS, "collect.png") });
      },
      STEP_MS,
    );

    it(
      "filters the table and opens a record's detail with its json_data decoded",
      async () => {
        const instancesInUsEast1 = goldenCounts().get("Instance us-east-1")!;
        await page.click('#counts button.cell[data-kind="Instance"][data-region="us-east-1"]');
        expect(await page.inputValue("#filter")).toBe("type:Instance region:us-east-1");
        expect(await visibleRowCount()).toBe(instancesInUsEast1);
        await page.fill("#filter", "type:Instance region:us-east-1 demo-web-1");
        expect(await visibleRowCount()).toBe(1);

        await page.click("#records tbody tr:not([hidden])");
        expect(await page.textContent("#detail-title")).toBe("demo-web-1");
        const id = await page.textContent("#records tbody tr:not([hidden]) td:nth-child(4)");
        const golden = GOLDEN.find((r) => (r.resource.reference as { resource_id?: string } | undefined)?.resource_id === id)!;
        const jsonData = page.locator("#detail-body details", { hasText: "json_data (decoded)" }).locator("pre");
        expect(JSON.parse((await jsonData.textContent())!)).toEqual(golden.resource.json_data);
        // Pretty-printed, not the wire's one-line text.
        expect(await jsonData.textContent()).toContain('\n  "os": {\n');
        await page.screenshot({ path: join(ARTIFACTS, "detail.png") });
        await page.fill("#filter", "");
        expect(await visibleRowCount()).toBe(GOLDEN.length);
      },
      STEP_MS,
    );

    it(
      "cancels a collect: the page stops at once and the server stops calling AWS",
      async () => {
        // Every DescribeInstances call hangs (until its caller goes away): the collect streams its first tasks, then waits.
        await replay("_faults", {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ rules: [{ effect: "hang", api: "ec2:DescribeInstances" }] }),
        });
        try {
          await replay("_stats/reset", { method: "POST" });
          await page.click('button[data-action="collect"]');
          await expect.poll(async () => (await replayStats()).inFlight, { timeout: STEP_MS, interval: 100 }).toBeGreaterThan(0);
          // The stream stays open (the hang holds it) while its first records are already in the table, and the
          // status bar counts them with the elapsed time and the rate.
          await page.waitForFunction(() => document.querySelectorAll("#records tbody tr").length > 0);
          expect(await phase()).toBe("running");
          const rows = await rowCount();
          expect(rows).toBeLessThan(GOLDEN.length);
          await expect.poll(() => page.textContent("#status-records"), { timeout: STEP_MS }).toBe(`${rows} records`);
          expect(await page.textContent("#status-elapsed")).toMatch(/^(?:\d+ ms|\d+\.\d s|\d+ min \d\d s)$/);
          expect(await page.textContent("#status-rate")).toMatch(/^\d+(?:\.\d)? records\/s$/);

          await page.click("#cancel");
          await page.waitForSelector('#statusbar[data-phase="cancelled"]');
          expect(await page.textContent("#status-message")).toBe("Collector.collect cancelled.");
          expect(await page.locator("#alert").isVisible()).toBe(false);
          await page.screenshot({ path: join(ARTIFACTS, "cancelled.png") });

          // The server saw the client go away, ended the region task, and the hanging AWS call was released.
          await expect
            .poll(() => server.logs.some((l) => l.msg === "rpc cancelled by client" && l.rpc === "Collector/collect"), { timeout: STEP_MS })
            .toBe(true);
          await expect.poll(() => server.logs.some((l) => l.msg === "region task finished" && l.aborted === true), { timeout: STEP_MS }).toBe(true);
          await expect.poll(async () => (await replayStats()).inFlight, { timeout: STEP_MS, interval: 100 }).toBe(0);
          // No AWS call after that: a whole round trip of the page later, the totals have not moved.
          const settled = (await replayStats()).totals.calls;
          expect(await runAction("init")).toBe("done");
          expect((await replayStats()).totals.calls).toBe(settled);
        } finally {
          await replay("_faults", { method: "DELETE" });
        }
      },
      STEP_MS * 2,
    );

    it(
      "does not send a request whose JSON is malformed, and marks the field",
      async () => {
        const sent = requests.length;
        await page.fill("#options", "{nope");
        await page.click('button[data-action="init"]');
        await page.waitForSelector("#alert:not([hidden])");
        expect(await page.textContent("#alert-title")).toBe("Collector.init: request not sent");
        expect(await page.textContent("#alert-text")).toMatch(/^Options is not valid JSON \(/);
        expect(await page.getAttribute("#options", "aria-invalid")).toBe("true");
        expect(requests.length).toBe(sent);
        await page.fill("#options", "{}");
      },
      STEP_MS,
    );

    it(
      "shows the Connect code and the plugin's error text for bad credentials",
      async () => {
        await page.fill('[data-secret-key="aws_secret_access_key"]', TYPED_SECRET);
        expect(await runAction("verify")).toBe("failed");
        expect(await page.locator("#alert").isVisible()).toBe(true);
        expect(await page.textContent("#alert-title")).toBe("Collector.verify failed");
        expect(await page.textContent("#alert-code")).toBe("invalid_argument");
        expect(await page.textContent("#alert-text")).toMatch(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\./);
        await page.screenshot({ path: join(ARTIFACTS, "error.png") });
      },
      STEP_MS,
    );

    it(
      "loaded nothing from elsewhere, logged nothing, and kept no secret anywhere",
      async () => {
        const foreign = requests.filter((r) => new URL(r.url).origin !== base);
        expect(foreign).toEqual([]);
        const rpcs = requests.filter((r) => r.method === "POST").map((r) => `${new URL(r.url).pathname} ${r.contentType}`);
        expect(new Set(rpcs)).toEqual(
          new Set(
            ["Collector/init", "Job/get_tasks", "Collector/collect", "Collector/verify"].map(
              (m) => `/spaceone.api.inventory.plugin.${m} application/grpc-web+proto`,
            ),
          ),
        );
        expect(pageErrors).toEqual([]);
        expect(consoleMessages).toEqual([]);
        expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, ""]);
        expect(await context.cookies()).toEqual([]);
        expect(server.stderr()).not.toContain(TYPED_SECRET);
        // Closing the browser flushes its profile to disk: neither the demo key nor the typed one is in it.
        await context.close();
        expect(filesContaining(profile, [DEMO_SECRET_KEY, TYPED_SECRET])).toEqual([]);
      },
      STEP_MS,
    );
  },
);
