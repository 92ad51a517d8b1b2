/**
 * The browser console served by a gateway, in real headless Chromium (Debian's):
 * the page's gRPC-Web calls go to its own origin, the gateway, and reach the
 * upstream (a second process of our server): Init, Get tasks and a Collect
 * show the upstream's answers, and the upstream's log records each call.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole } from "../../src/console/build.js";
import { DEMO_SECRET } from "../conformance/plugins.js";
import { ensureBuilt, REPO } from "../server/built.js";
import { lines, postJson, serve, untilReadiness, type Served } from "./processes.js";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const STEP_MS = 90_000;
const SEOUL = { resource_type: "inventory.CloudService", service: "EC2", region: "ap-northeast-2" };

describe.skipIf(!HAVE_CHROMIUM)(`the console in gateway mode, in headless Chromium${HAVE_CHROMIUM ? "" : ` (SKIPPED: ${CHROMIUM} is missing)`}`, () => {
  let upstream: Served;
  let gateway: Served;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const foreign: string[] = [];

  /** Clicks an action button and waits until its call has ended; returns how it ended. */
  async function runAction(action: string): Promise<string | null> {
    await page.click(`button[data-action="${action}"]`);
    await page.waitForSelector('#statusbar:not([data-phase="running"])');
    return page.locator("#statusbar").getAttribute("data-phase");
  }

  /** The upstream's log lines of finished calls of `rpc` (e.g. `Collector/init`). */
  const upstreamCalls = (rpc: string) => upstream.spawned.logs.filter((l) => l.msg === "rpc finished" && l.rpc === rpc);

  beforeAll(async () => {
    ensureBuilt();
    if (!existsSync(join(REPO, "dist/console/index.html"))) await buildConsole({ sourceDir: join(REPO, "src/console"), outDir: join(REPO, "dist/console") });
    upstream = await serve(["--demo"]);
    // --demo for the page's prefilled demo keys; every call still goes to the upstream.
    gateway = await serve(["--demo", "--upstream", upstream.endpoint]);
    await untilReadiness(gateway.baseUrl);
    profile = mkdtempSync(join(tmpdir(), "gateway-console-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    });
    context.setDefaultTimeout(STEP_MS);
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === gateway.baseUrl) return route.continue();
      foreign.push(url);
      return route.abort("blockedbyclient");
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => {});
    if (profile) rmSync(profile, { recursive: true, force: true });
    await gateway?.stop();
    await upstream?.stop();
  });

  it(
    "Init, Get tasks and Collect in the page reach the upstream and show its answers",
    async () => {
      expect((await page.goto(`${gateway.baseUrl}/`))?.status()).toBe(200);
      await page.waitForSelector("body[data-ready]");

      expect(await runAction("init")).toBe("done");
      expect(await page.textContent("#detail-body")).toContain('"supported_resource_type"');
      expect(upstreamCalls("Collector/init")).toHaveLength(1);

      const tasks = JSON.parse(
        (await postJson(upstream.baseUrl, "spaceone.api.inventory.plugin.Job/get_tasks", { options: {}, secret_data: DEMO_SECRET })).text,
      ) as {
        tasks: unknown[];
      };
      expect(await runAction("get-tasks")).toBe("done");
      expect(await page.locator("#tasks button").count()).toBe(tasks.tasks.length + 1); // "Every task" first
      expect(upstreamCalls("Job/get_tasks")).toHaveLength(2);

      await page.locator("#tasks button").filter({ hasText: "CloudService · EC2 · ap-northeast-2" }).click();
      expect(JSON.parse(await page.inputValue("#task-options"))).toEqual(SEOUL);
      expect(await runAction("collect")).toBe("done");
      const records = lines(
        (await postJson(upstream.baseUrl, "spaceone.api.inventory.plugin.Collector/collect", { options: {}, secret_data: DEMO_SECRET, task_options: SEOUL }))
          .text,
      );
      expect(await page.locator("#records tbody tr").count()).toBe(records.length - 1);
      expect(upstreamCalls("Collector/collect")).toHaveLength(2);
      expect(foreign).toEqual([]);
    },
    STEP_MS * 3,
  );
});
