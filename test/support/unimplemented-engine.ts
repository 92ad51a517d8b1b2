/** An engine that implements nothing (every call fails with `ERROR_NOT_IMPLEMENTED`): the protocol surface's tests and benchmarks run the server without AWS through it. */
import { notImplemented } from "../../src/common/errors.js";
import type { EngineApi } from "../../src/engine/api.js";

export const unimplementedEngine: EngineApi = {
  verify: () => Promise.reject(notImplemented()),
  getTasks: () => Promise.reject(notImplemented()),
  // eslint-disable-next-line require-yield, @typescript-eslint/require-await -- an AsyncIterable that fails on its first read
  async *collect() {
    throw notImplemented();
  },
};
