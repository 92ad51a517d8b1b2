/**
 * What each service answers when the caller's credentials or region are not usable, in its own
 * code and status: the replay's authentication answers them, and fault rules inject them.
 */
import type { AwsService } from "../common/aws-services.js";
import { AwsError } from "./aws-error.js";

/** The service's answer to credentials it does not know. */
export function unknownKey(service: AwsService): AwsError {
  switch (service) {
    case "ec2":
      return new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
    case "ssm":
      return new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
    case "autoscaling":
    case "elasticloadbalancing":
    case "sts":
      return new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
  }
}

/** The service's answer to a session token past its expiry. */
export function expiredToken(service: AwsService): AwsError {
  return new AwsError(
    service === "ssm" ? "ExpiredTokenException" : "ExpiredToken",
    "The security token included in the request is expired",
    service === "ec2" ? 400 : 403,
  );
}

/** The service's answer in a region the account has not enabled. */
export function regionNotEnabled(service: AwsService, region: string): AwsError {
  switch (service) {
    case "ec2":
      return new AwsError(
        "OptInRequired",
        `You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe. (region ${region} is not enabled for this account)`,
        401,
      );
    case "sts":
      return new AwsError("RegionDisabledException", `STS is not activated in region ${region} for this account.`, 403);
    case "ssm":
    case "autoscaling":
    case "elasticloadbalancing":
      return unknownKey(service);
  }
}
