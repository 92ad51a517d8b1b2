/** An engine that implements nothing (every call fails with `ERROR_NOT_IMPLEMENTED`): the protocol surface's tests and benchmarks run the server without AWS through it. */
import { notImplemented } from "../../src/common/errors.js";
import type { EngineApi } from "../../src/engine/api.js";

export const unimplementedEngine: EngineApi = {
  async verify() {
    throw notImplemented();
  },
  async getTasks() {
    throw notImplemented();
  },
  // eslint-disable-next-line require-yield
  async *collect() {
    throw notImplemented();
  },
};
