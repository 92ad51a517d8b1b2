/**
 * ec2Query answers: `<{Action}Response>` with the result members directly
 * under the root (no Result wrapper) and a `<requestId>`; errors as
 * `<Response><Errors><Error>…` without a `Type`.
 */
import type { AwsError } from "../aws-error.js";
import type { NormalizedSchema } from "../sdk-schemas.js";
import { escapeXml, writeMembers, XmlOut } from "../xml.js";
import type { WireResponse } from "./wire.js";

const XML = "text/xml;charset=UTF-8";

export function ec2Success(action: string, xmlns: string, output: NormalizedSchema, value: Record<string, unknown>, requestId: string): WireResponse {
  const out = new XmlOut();
  out.push(`<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${xmlns}">`, `<requestId>${requestId}</requestId>`);
  writeMembers(output, value, out);
  out.push(`</${action}Response>`);
  return { status: 200, contentType: XML, body: out.text };
}

export function ec2Error(error: AwsError, requestId: string): WireResponse {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  return { status: error.status, contentType: XML, body };
}
