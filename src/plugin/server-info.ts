/** `spaceone.api.core.v1.ServerInfo`: the package version. */
import { readFileSync } from "node:fs";
import type { ServiceImpl } from "@connectrpc/connect";
import { ServerInfo } from "../../gen/spaceone/api/core/v1/server_info_pb.js";

export function serverInfoService(version: string): ServiceImpl<typeof ServerInfo> {
  return {
    get_version() {
      return { version };
    },
  };
}

export { ServerInfo };

/** The `version` of the nearest package.json above this module (works from src/ and dist/src/). */
export function packageVersion(): string {
  let dir = new URL("./", import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { version?: unknown };
      if (typeof pkg.version === "string") return pkg.version;
    } catch {
      // not here: keep walking up
    }
    dir = new URL("../", dir);
  }
  return "UNKNOWN";
}
