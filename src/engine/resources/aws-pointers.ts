/**
 * The CloudTrail and CloudWatch pointers carried in `data` (docs/records.md#cloudtrail-and-cloudwatch-pointers).
 * Other Cloudforet plugins read them; no API is called to fill them.
 */

export interface CloudtrailPointer {
  LookupAttributes: { AttributeKey: "ResourceName"; AttributeValue: string }[];
  region_name: string;
  resource_type: string;
}

export interface CloudwatchPointer {
  region_name: string;
  metrics_info: { Namespace: string; Dimensions: { Name: string; Value: string }[] }[];
}

/** `resourceType` is the CloudTrail type, e.g. `AWS::EC2::Volume`; `value` the id or name CloudTrail knows. */
export function cloudtrailPointer(region: string, resourceType: string, value: string): CloudtrailPointer {
  return {
    LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: value }],
    region_name: region,
    resource_type: resourceType,
  };
}

/** One metrics entry per namespace, all with the single dimension `name = value`. */
export function cloudwatchPointer(region: string, namespaces: readonly string[], dimension: { name: string; value: string }): CloudwatchPointer {
  return {
    region_name: region,
    metrics_info: namespaces.map((Namespace) => ({ Namespace, Dimensions: [{ Name: dimension.name, Value: dimension.value }] })),
  };
}
