/** The engine until the real one is wired in: every call fails with `ERROR_NOT_IMPLEMENTED`, nothing pretends to work. */
import { notImplemented } from "../common/errors.js";
import type { EngineApi } from "./engine-api.js";

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
