/**
 * Each call's secret values held (src/common/secrets.ts, `holdSecrets`) while the engine works on it: every
 * log line written meanwhile — the engine's, an AWS SDK error's message and stack — and every record sent
 * is masked at the source, without its writer knowing the secrets.
 */
import { holdSecrets, secretValuesOf } from "../common/secrets.js";
import type { EngineApi } from "../engine/api.js";

export function withHeldSecrets(engine: EngineApi): EngineApi {
  return {
    async verify(params, signal) {
      const release = holdSecrets(secretValuesOf(params.secretData));
      try {
        return await engine.verify(params, signal);
      } finally {
        release();
      }
    },
    async getTasks(params, signal) {
      const release = holdSecrets(secretValuesOf(params.secretData));
      try {
        return await engine.getTasks(params, signal);
      } finally {
        release();
      }
    },
    async *collect(params, signal) {
      const release = holdSecrets(secretValuesOf(params.secretData));
      try {
        yield* engine.collect(params, signal);
      } finally {
        release();
      }
    },
  };
}
