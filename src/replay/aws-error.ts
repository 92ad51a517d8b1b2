/**
 * An AWS error as the replay answers it: the protocol modules render it in
 * the service's own error body; `status` is the HTTP status AWS uses.
 */
export class AwsError extends Error {
  override readonly name = "AwsError";
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** `Sender` (the caller's fault) or `Receiver` (AWS's); awsQuery bodies carry it. */
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
  }
}

export const invalidParameterValue = (message: string) => new AwsError("InvalidParameterValue", message);
