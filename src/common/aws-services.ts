/**
 * The AWS services the collector calls and the replay answers, by their SigV4
 * signing names (also the IAM action prefixes). The one list both rooms share.
 */
export const AWS_SERVICES = ["sts", "ec2", "autoscaling", "elasticloadbalancing", "ssm"] as const;

export type AwsService = (typeof AWS_SERVICES)[number];

export function isAwsService(value: string): value is AwsService {
  return (AWS_SERVICES as readonly string[]).includes(value);
}
