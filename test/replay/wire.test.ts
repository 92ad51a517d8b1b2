/** Raw wire checks the SDK cannot make: requests it would never send, and the exact error bodies. */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SignatureV4 } from "@smithy/signature-v4";
import { DEMO_KEYS, startReplay, type RunningReplay } from "./harness.js";

/** The hash constructor SignatureV4 expects: SHA-256, or HMAC-SHA-256 when given a secret. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key =
      typeof secret === "string" || secret === undefined
        ? secret
        : ArrayBuffer.isView(secret)
          ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
          : Buffer.from(secret);
    this.hash = key === undefined ? createHash("sha256") : createHmac("sha256", key);
  }
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

let replay: RunningReplay;
beforeAll(async () => {
  replay = await startReplay();
});
afterAll(() => replay.close());

/** The headers of a SigV4-signed form POST to `url`, as a query-protocol client signs it. */
async function signedHeaders(url: URL, service: string, body: string, region: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service, region, credentials: DEMO_KEYS.account1, sha256: Sha256 });
  const signed = await signer.sign({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: { host: url.host, "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return { ...(signed.headers as Record<string, string>) };
}

/** POSTs a SigV4-signed form body, as a query-protocol client would. */
async function signedPost(path: string, service: string, body: string, region = "us-east-1"): Promise<Response> {
  const url = new URL(`${replay.baseUrl}${path}`);
  return fetch(url, { method: "POST", headers: await signedHeaders(url, service, body, region), body });
}

describe("wire details", () => {
  it("an unknown parameter is UnknownParameter in EC2's error body, with a request id", async () => {
    const res = await signedPost("/replay/demo/", "ec2", "Action=DescribeVpcs&Version=2016-11-15&Bogus.1=x");
    expect(res.status).toBe(400);
    const requestId = res.headers.get("x-amzn-requestid");
    expect(await res.text()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnknownParameter</Code><Message>The parameter Bogus.1 is not recognized</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    );
  });

  it("awsQuery errors carry a Type; the endpoint also answers without the trailing slash", async () => {
    const res = await signedPost("/replay/demo", "autoscaling", "Action=DescribeAutoScalingGroups&Version=2011-01-01&MaxRecords=500");
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(
      /^<ErrorResponse><Error><Type>Sender<\/Type><Code>ValidationError<\/Code><Message>1 validation error detected: Value '500' at 'maxRecords'/,
    );
    expect(text).toContain(`<RequestId>${res.headers.get("x-amzn-requestid")}</RequestId>`);
  });

  it("EC2 success bodies have no Result wrapper; awsQuery ones do", async () => {
    const ec2 = await (await signedPost("/replay/demo/", "ec2", "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-00000000000000002")).text();
    expect(ec2).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><vpcSet><item><ownerId>111111111111<\/ownerId>/,
    );
    expect(ec2).toContain("<isDefault>true</isDefault><tagSet></tagSet>");
    const sts = await (await signedPost("/replay/demo/", "sts", "Action=GetCallerIdentity&Version=2011-06-15")).text();
    expect(sts).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>AIDA[A-Z0-9]+<\/UserId><Account>111111111111<\/Account><Arn>arn:aws:iam::111111111111:user\/cloudforet-demo<\/Arn><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
  });

  it("a signature for another region or service does not match", async () => {
    const url = new URL(`${replay.baseUrl}/replay/demo/`);
    const body = "Action=DescribeVpcs&Version=2016-11-15";
    const headers = await signedHeaders(url, "ec2", body, "eu-west-1");
    headers.authorization = headers.authorization!.replace("/eu-west-1/", "/us-east-1/");
    const res = await fetch(url, { method: "POST", headers, body });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
  });
});
