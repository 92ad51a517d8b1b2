/**
 * awsQuery answers (Auto Scaling, ELBv2, STS): the members inside
 * `<{Action}Result>` (without it the SDK silently reads nothing), then
 * `<ResponseMetadata>`; errors as `<ErrorResponse>` with a `Type`.
 */
import type { AwsError } from "../aws-error.js";
import type { NormalizedSchema } from "../sdk-schemas.js";
import { escapeXml, writeMembers, XmlOut } from "../xml.js";
import type { WireResponse } from "./wire.js";

const XML = "text/xml";

export function awsQuerySuccess(action: string, xmlns: string, output: NormalizedSchema, value: Record<string, unknown>, requestId: string): WireResponse {
  const out = new XmlOut();
  out.push(`<${action}Response xmlns="${xmlns}">`, `<${action}Result>`);
  writeMembers(output, value, out);
  out.push(`</${action}Result>`, `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`, `</${action}Response>`);
  return { status: 200, contentType: XML, body: out.text };
}

export function awsQueryError(error: AwsError, requestId: string): WireResponse {
  const body =
    `<ErrorResponse><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, contentType: XML, body };
}
