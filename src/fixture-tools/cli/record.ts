/**
 * `fixtures record` (`npm run fixtures:record -- --name NAME [--regions r1,r2] [--endpoint URL] [--role-arn ARN --external-id ID]… [--no-redact] [--out DIR]`):
 * records the account of the default credential chain (and of each assumed
 * role) into a fixture set, redacted unless `--no-redact`.
 * A development tool: the CLI loads it only where the development build put it.
 */
import { resolve } from "node:path";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { EXIT, parse, showHelp, stringFlag, UsageError } from "../../cli/args.js";
import { SET_NAME } from "../../replay/fixture-schemas.js";
import { record, writeRecording, type RecordAccount } from "../recorder.js";
import { redactRecording } from "../redact.js";

export const HELP = `Usage: cloudforet-ec2 fixtures record --name NAME [--regions us-east-1,eu-west-1] [--endpoint URL]
         [--role-arn ARN [--external-id ID]]... [--no-redact | --redact-tag-values] [--out DIR]

Records a real AWS account (the default credential chain, plus each assumed role) into a fixture
set, redacted unless --no-redact (a development tool: npm run fixtures:record).

  --name NAME            set name (required)
  --regions LIST         comma-separated regions (default: every enabled region)
  --endpoint URL         an AWS-compatible endpoint instead of AWS
  --role-arn ARN         also record the account of this role (repeatable; --external-id per role)
  --no-redact            keep identifiers and tag values as recorded
  --redact-tag-values    redact every tag value too
  --out DIR              where to write it (default fixtures/recorded/<name>)`;

export async function run(argv: readonly string[]): Promise<number> {
  const { values, help } = parse(argv, {
    name: { type: "string" },
    regions: { type: "string" },
    endpoint: { type: "string" },
    "role-arn": { type: "string", multiple: true },
    "external-id": { type: "string", multiple: true },
    "no-redact": { type: "boolean" },
    "redact-tag-values": { type: "boolean" },
    out: { type: "string" },
  });
  if (help) return showHelp(HELP);
  const name = stringFlag(values, "name");
  if (name === undefined || !SET_NAME.test(name)) throw new UsageError(`--name is required and must match ${SET_NAME}`);
  const regions = stringFlag(values, "regions")
    ?.split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  const endpoint = stringFlag(values, "endpoint");
  const base = fromNodeProviderChain();
  const roleArns = (values["role-arn"] as string[] | undefined) ?? [];
  const externalIds = (values["external-id"] as string[] | undefined) ?? [];
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
  const outDir = resolve(stringFlag(values, "out") ?? `fixtures/recorded/${name}`);
  const recording = await record({ accounts, ...(regions ? { regions } : {}), ...(endpoint ? { endpoint } : {}) });
  const redacted = values["no-redact"] ? recording : redactRecording(recording, { allTagValues: values["redact-tag-values"] === true });
  const definition = writeRecording(redacted, outDir, name, `Recorded ${new Date().toISOString().slice(0, 10)}${values["no-redact"] ? "" : ", redacted"}`);
  const keys = definition.accounts.map((a) => `${a.accountId}: ${a.users[0]!.accessKeyId} / ${a.users[0]!.secretAccessKey}`).join("\n  ");
  for (const warning of redacted.warnings) process.stderr.write(`left out: ${warning}\n`);
  process.stdout.write(`wrote ${outDir}: ${recording.regions.size} account-region(s)\naccess keys of the recorded set:\n  ${keys}\n`);
  return EXIT.ok;
}
