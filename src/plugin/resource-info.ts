/** `CollectedRecord` (the engine's protocol-free record) → `ResourceInfo` message. */
import { create } from "@bufbuild/protobuf";
import { ResourceInfoSchema, ResourceInfo_State, type ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { maskText } from "../common/secrets.js";
import type { CollectedRecord } from "../engine/api.js";

function stateOf(state: CollectedRecord["state"]): ResourceInfo_State {
  switch (state) {
    case "SUCCESS":
      return ResourceInfo_State.SUCCESS;
    case "FAILURE":
      return ResourceInfo_State.FAILURE;
  }
}

export function toResourceInfo(record: CollectedRecord): ResourceInfo {
  return create(ResourceInfoSchema, {
    state: stateOf(record.state),
    // An ErrorResource's text can quote AWS, which can quote the caller's secrets: masked like any error.
    message: maskText(record.message),
    // The inventory only accepts a FAILURE as an ErrorResource (docs/contract.md#resourceinfo-envelope).
    resourceType: record.state === "FAILURE" ? "inventory.ErrorResource" : record.resourceType,
    matchRules: record.matchRules,
    resource: record.resource,
  });
}
