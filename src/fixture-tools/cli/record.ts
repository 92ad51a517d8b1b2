/**
 * `npm run fixtures:record -- --name NAME [--regions r1,r2] [--endpoint URL] [--role-arn ARN --external-id ID]… [--no-redact] [--out DIR]`
 * Records the account of the default credential chain (and of each assumed
 * role) into a fixture set, redacted unless `--no-redact`.
 */
import { resolve } from "node:path";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { SET_NAME } from "../../replay/fixture-schemas.js";
import { record, writeRecording, type RecordAccount } from "../recorder.js";
import { redactRecording } from "../redact.js";
import { parseCli } from "./args.js";

const USAGE =
  "usage: fixtures:record -- --name NAME [--regions us-east-1,eu-west-1] [--endpoint URL] [--role-arn ARN [--external-id ID]]... [--no-redact | --redact-tag-values] [--out DIR]";
const { values: args } = parseCli(
  {
    name: { type: "string" },
    regions: { type: "string" },
    endpoint: { type: "string" },
    "role-arn": { type: "string", multiple: true },
    "external-id": { type: "string", multiple: true },
    "no-redact": { type: "boolean" },
    "redact-tag-values": { type: "boolean" },
    out: { type: "string" },
  },
  USAGE,
);
if (args.help || typeof args.name !== "string" || !SET_NAME.test(args.name)) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(args.help ? 0 : 2);
}
const name = args.name;
const regions = typeof args.regions === "string" ? args.regions.split(",").map((r) => r.trim()).filter(Boolean) : undefined;
const endpoint = args.endpoint as string | undefined;
const base = fromNodeProviderChain();
const roleArns = (args["role-arn"] as string[] | undefined) ?? [];
const externalIds = (args["external-id"] as string[] | undefined) ?? [];
const accounts: RecordAccount[] = [
  { credentials: base },
  ...roleArns.map((RoleArn, i) => ({
    credentials: fromTemporaryCredentials({
      masterCredentials: base,
      params: { RoleArn, RoleSessionName: "fixture-recorder", ...(externalIds[i] ? { ExternalId: externalIds[i] } : {}) },
      clientConfig: { region: regions?.[0] ?? "us-east-1", ...(endpoint ? { endpoint } : {}) },
    }),
  })),
];
const outDir = resolve((args.out as string | undefined) ?? `fixtures/recorded/${name}`);
const recording = await record({ accounts, ...(regions ? { regions } : {}), ...(endpoint ? { endpoint } : {}) });
const redacted = args["no-redact"] ? recording : redactRecording(recording, { allTagValues: args["redact-tag-values"] === true });
const definition = writeRecording(redacted, outDir, name, `Recorded ${new Date().toISOString().slice(0, 10)}${args["no-redact"] ? "" : ", redacted"}`);
const keys = definition.accounts.map((a) => `${a.accountId}: ${a.users[0]!.accessKeyId} / ${a.users[0]!.secretAccessKey}`).join("\n  ");
for (const warning of redacted.warnings) process.stderr.write(`left out: ${warning}\n`);
process.stdout.write(`wrote ${outDir}: ${recording.regions.size} account-region(s)\naccess keys of the recorded set:\n  ${keys}\n`);
