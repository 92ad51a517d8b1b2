/**
 * A server for benchmarks: the real protocol surface with a synthetic engine
 * whose `collect` streams `BENCH_RECORDS` CloudService-shaped records of about
 * 5 KB each. Prints `{"port": n}` on stdout once listening.
 */
import { loadConfig } from "../src/common/config.js";
import { createLogger } from "../src/common/log.js";
import type { CollectedRecord } from "../src/engine/records/record.js";
import { pluginServices } from "../src/plugin/services.js";
import { createServer } from "../src/server/server.js";
import { unimplementedEngine } from "../test/support/unimplemented-engine.js";

function record(i: number): CollectedRecord {
  const data = {
    compute: { instance_id: `i-${i.toString(16).padStart(17, "0")}`, instance_state: "RUNNING", az: "eu-west-1a" },
    tags: Array.from({ length: 40 }, (_, t) => ({ key: `tag-${t}`, value: `value-${t}-${"x".repeat(60)}` })),
    nics: Array.from({ length: 3 }, (_, n) => ({ device_index: n, mac_address: "06:1f:3a:5b:7c:9d", cidr: "172.31.16.0/20" })),
  };
  return {
    state: "SUCCESS",
    resourceType: "inventory.CloudService",
    message: "",
    matchRules: { "1": ["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"] },
    resource: {
      name: `bench-${i}`,
      provider: "aws",
      cloud_service_group: "EC2",
      cloud_service_type: "Instance",
      data: null,
      json_data: JSON.stringify(data),
      reference: { resource_id: `i-${i}`, external_link: "" },
    },
  };
}

const count = Number(process.env.BENCH_RECORDS ?? "3000");
const config = loadConfig(["--port", "0", ...process.argv.slice(2)], {});
const server = createServer(config, {
  services: pluginServices({
    ...unimplementedEngine,
    // eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable of records made on the spot
    async *collect() {
      for (let i = 0; i < count; i++) yield record(i);
    },
  }),
  logger: createLogger({ level: "warn" }),
});
const { port } = await server.listen();
process.stdout.write(JSON.stringify({ port }) + "\n");
process.on("SIGTERM", () => void server.shutdown().then(() => process.exit(0)));
