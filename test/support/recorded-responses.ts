/**
 * A Connect client interceptor that records every response message and error into the collected output
 * (`responses-<pid>.log`, test/support/collected-output.ts), for the canary scan: the test clients of the
 * engine harness go through it, so every record and error those tests receive is searched.
 */
import { toJsonString } from "@bufbuild/protobuf";
import { ConnectError, type Interceptor } from "@connectrpc/connect";
import { outputSink } from "./collected-output.js";

export const recordResponses: Interceptor = (next) => async (req) => {
  const sink = outputSink("responses");
  const rpc = `${req.service.typeName}/${req.method.name}`;
  const recordError = (e: unknown) => {
    const err = ConnectError.from(e);
    const metadata: Record<string, string> = {};
    err.metadata.forEach((value, key) => (metadata[key] = value));
    sink.write(JSON.stringify({ rpc, code: err.code, error: err.rawMessage, metadata }));
  };
  try {
    const res = await next(req);
    if (!res.stream) {
      sink.write(JSON.stringify({ rpc, message: JSON.parse(toJsonString(req.method.output, res.message)) as unknown }));
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        try {
          for await (const m of messages) {
            sink.write(JSON.stringify({ rpc, message: JSON.parse(toJsonString(req.method.output, m)) as unknown }));
            yield m;
          }
        } catch (e) {
          recordError(e);
          throw e;
        }
      })(),
    };
  } catch (e) {
    recordError(e);
    throw e;
  }
};
