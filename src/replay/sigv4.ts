/**
 * SigV4 on the server side: the credential scope tells the replay who calls
 * (access key id), which region and which service; optional verification
 * re-computes the signature with the fixture's secret, so a wrong region,
 * service or key in the client fails as it would against AWS.
 */
import { createHash, createHmac } from "node:crypto";

export interface SignedRequestInfo {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** Parses an `Authorization` header; undefined when it is missing or not SigV4. */
export function parseAuthorization(header: string | undefined): SignedRequestInfo | undefined {
  const match = header ? AUTH.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return { accessKeyId: accessKeyId!, date: date!, region: region!, service: service!, signedHeaders: signedHeaders!.split(";"), signature: signature! };
}

const sha256 = (data: string) => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** Canonical URI as the SDK builds it for non-S3 services: normalised, then each segment escaped. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && path.endsWith("/") ? "/" : ""}`;
  return encodeURIComponent(normalised).replace(/%2F/g, "/");
}

export interface RequestToVerify {
  method: string;
  /** URL path as received, e.g. `/replay/demo/`. */
  path: string;
  /** Raw query string without `?`. */
  query: string;
  headers: Headers;
  body: string;
}

function canonicalQuery(query: string): string {
  if (!query) return "";
  const pairs = query
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const [k = "", v = ""] = pair.split("=");
      const enc = (s: string) =>
        encodeURIComponent(decodeURIComponent(s.replace(/\+/g, " "))).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      return [enc(k), enc(v)] as const;
    });
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** True when `info.signature` is the SigV4 signature of `request` under `secretAccessKey`. */
export function verifySignature(info: SignedRequestInfo, request: RequestToVerify, secretAccessKey: string): boolean {
  const amzDate = request.headers.get("x-amz-date");
  if (!amzDate || !amzDate.startsWith(info.date)) return false;
  const headerLines = info.signedHeaders.map((name) => `${name}:${(request.headers.get(name) ?? "").trim().replace(/\s+/g, " ")}\n`);
  const payloadHash = request.headers.get("x-amz-content-sha256") ?? sha256(request.body);
  const canonical = [
    request.method,
    canonicalPath(request.path),
    canonicalQuery(request.query),
    headerLines.join(""),
    info.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
  const scope = `${info.date}/${info.region}/${info.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  let key = hmac(`AWS4${secretAccessKey}`, info.date);
  for (const part of [info.region, info.service, "aws4_request"]) key = hmac(key, part);
  return hmac(key, stringToSign).toString("hex") === info.signature;
}
