/**
 * The CLI's commands besides collect: `--help` everywhere, usage errors (exit 2), init, verify and tasks
 * in process and against a server, the OpenAPI document, the fixture tools, and `serve`.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET, startCollecting, type Collecting } from "../engine/harness.js";
import { ensureBuilt } from "../server/built.js";
import { startProcess } from "../server/spawn.js";
import { CLI_JS, jsonLines, runCli } from "./run-cli.js";

let c: Collecting;

beforeAll(async () => {
  ensureBuilt();
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});

const COMMANDS = ["serve", "init", "verify", "tasks", "collect", "openapi", "fixtures", "fixtures validate", "fixtures serve"];

// Tests spawn the CLI a dozen times each: generous on a loaded machine.
describe("cloudforet-ec2", { timeout: 180_000 }, () => {
  it("--help on every command: its usage on stdout, exit 0", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    for (const command of COMMANDS.filter((c) => !c.includes(" "))) expect(top.stdout).toContain(`\n  ${command} `);
    expect(top.stdout).toContain("Exit codes:");
    for (const command of COMMANDS) {
      const { code, stdout } = await runCli([...command.split(" "), "--help"]);
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(command === "serve" ? /--port <value>, SPACEONE_PORT/ : new RegExp(`^Usage: cloudforet-ec2 ${command}`));
    }
  });

  it("usage errors exit 2 with the reason and a pointer to --help", async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /name a command/],
      [["frobnicate"], /unknown command "frobnicate"/],
      [["collect", "--bogus"], /Unknown option '--bogus'/],
      [["collect", "--fixture", "demo", "--secret", "[1]"], /--secret: must be a JSON object/],
      [["collect", "--fixture", "demo", "--options", "{"], /--options: not valid JSON/],
      [["collect", "--fixture", "demo", "--task-file", "/nonexistent/task.json"], /--task-file: no such file/],
      [["collect", "--fixture", "demo", "--region", "us-east-1", "--task", "{}"], /--task \(or --task-file\) or --region, not both/],
      [["collect", "--fixture", "demo", "--endpoint", "http://x"], /--endpoint and --fixture exclude each other/],
      [["collect", "--fixture", "nope"], /no fixture set "nope"/],
      [["tasks", "--endpoint", c.running.baseUrl], /give --secret or --secret-file/],
      [["init", "--protocol", "http3"], /--protocol must be grpc or connect/],
      [["init", "--format", "xml"], /--format must be ndjson or table/],
      [["fixtures"], /name a tool/],
    ];
    for (const [args, reason] of cases) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(reason);
    }
  });

  it("init, verify and tasks print the answer as NDJSON, in process and against a server alike", async () => {
    const secret = JSON.stringify(DEMO_SECRET);
    for (const target of [
      ["--fixture", "demo"],
      ["--endpoint", c.running.baseUrl, "--secret", secret],
    ]) {
      const init = await runCli(["init", ...target.slice(0, 2)]);
      expect(init.code).toBe(0);
      expect(jsonLines(init.stdout)).toEqual([{ metadata: expect.objectContaining({ supported_schedules: ["hours"] }) as object }]);
      const verify = await runCli(["verify", ...target]);
      expect([verify.code, verify.stdout]).toEqual([0, "{}\n"]);
      const tasks = await runCli(["tasks", ...target]);
      expect(tasks.code).toBe(0);
      expect(jsonLines(tasks.stdout)).toEqual(
        (await c.job.get_tasks({ options: {}, secretData: DEMO_SECRET })).tasks.map((t) => ({ taskOptions: t.taskOptions })),
      );
    }
    const table = await runCli(["tasks", "--fixture", "demo", "--format", "table"]);
    expect(table.stdout.split("\n").slice(0, 2)).toEqual(["RESOURCE TYPE               SERVICE     REGION", "inventory.CloudServiceType  EC2"]);
  });

  it("verify reads the secret from a file; rejected keys exit 3 with Cloudforet's error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-secret-"));
    try {
      const file = join(dir, "secret.json");
      writeFileSync(file, JSON.stringify(DEMO_SECRET));
      const good = await runCli(["verify", "--endpoint", c.running.baseUrl, "--secret-file", file]);
      expect([good.code, good.stdout, good.stderr]).toEqual([0, "{}\n", ""]);
      writeFileSync(file, JSON.stringify({ ...DEMO_SECRET, aws_secret_access_key: "x" }));
      const bad = await runCli(["verify", "--endpoint", c.running.baseUrl, "--secret-file", file]);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toMatch(/^cloudforet-ec2 verify: invalid_argument: ERROR_INVALID_CREDENTIALS: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("openapi prints the document the server serves", async () => {
    const { code, stdout } = await runCli(["openapi"]);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { info: { title: string }; paths: object; components: object };
    const served = (await (await fetch(`${c.running.baseUrl}/openapi.json`)).json()) as typeof printed;
    expect(printed.info.title).toBe("Cloudforet AWS EC2 collector");
    expect(printed.paths).toEqual(served.paths);
    expect(printed.components).toEqual(served.components);
  });

  it("fixtures validate: exit 0 for a valid set, 1 with the problem for an invalid one", async () => {
    const valid = await runCli(["fixtures", "validate", "demo"]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^demo: valid \(2 account\(s\), 6 enabled region\(s\)/);
    const dir = mkdtempSync(join(tmpdir(), "cli-fixtures-"));
    try {
      mkdirSync(join(dir, "broken"));
      writeFileSync(join(dir, "broken", "set.json"), JSON.stringify({ formatVersion: 1, name: "broken", accounts: "none" }));
      const invalid = await runCli(["fixtures", "validate", "broken", "--fixtures-dir", dir]);
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/set\.json.*accounts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("serve runs the server (what node dist/src/main.js runs), and SIGTERM stops it with exit 0", async () => {
    const server = startProcess(["serve", "--port", "0"], CLI_JS);
    const port = await server.listening;
    const init = await runCli(["init", "--endpoint", `http://127.0.0.1:${port}`]);
    expect(init.code).toBe(0);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
