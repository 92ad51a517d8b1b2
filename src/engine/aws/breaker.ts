/**
 * Circuit breakers of one AWS session (one task), docs/records.md#systemic-failures. When calls of an
 * API keep failing the same systemic way (the same `SystemicClass`, no success in between), the rest
 * are not made; when they are network failures (unreachable, silent) of more than one API of a service,
 * the endpoint itself is taken as gone and every API of the service in the region stops. Opening also
 * cuts short the calls still in flight, so a hung endpoint costs one wave of timeouts, not one per
 * resource. The task then reports the failure once per API instead of once per resource.
 */
import { setMaxListeners } from "node:events";
import { AwsApiError, systemicClass, type SystemicClass } from "./errors.js";

/** Failures in a row of one class, without a success between them, that open a circuit. */
export const BREAKER_THRESHOLD = 5;

/** What a circuit stopped: an API (`ec2:DescribeVolumeAttribute`) or a whole service (`ec2`), in a region. */
export interface OpenCircuit {
  scope: string;
  region: string;
  /** The failure that opened it (the last of the run). */
  failure: AwsApiError;
  failures: number;
}

/**
 * Thrown by a call its circuit stopped, before or while it ran. It keeps the code of the failure
 * that opened the circuit, so the task counts it with the failures of the same kind.
 */
export class CircuitOpenError extends AwsApiError {
  constructor(
    api: string,
    readonly circuit: OpenCircuit,
  ) {
    super(api, circuit.region, circuit.failure.code, stoppedText(circuit), undefined, { cause: circuit.failure, httpStatus: circuit.failure.httpStatus });
  }
}

function stoppedText({ scope, region, failures, failure }: OpenCircuit): string {
  return `calls stopped: ${scope} failed ${failures} times in a row in ${region} (last: ${failure.api}: ${failure.awsMessage})`;
}

interface Circuit {
  /** Parent of the calls' signals: aborted when the circuit opens (or the task ends). */
  readonly controller: AbortController;
  /** The current run of failures of one class, and the APIs that failed in it. */
  run: { cls: SystemicClass; failures: number; apis: Set<string> } | undefined;
  open: OpenCircuit | undefined;
}

const serviceOf = (api: string) => api.slice(0, api.indexOf(":"));

export class CallBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    /** The task's signal: every circuit's calls end with it. */
    private readonly signal: AbortSignal,
    private readonly threshold = BREAKER_THRESHOLD,
    private readonly onOpen: (circuit: OpenCircuit) => void = () => {},
  ) {}

  private circuit(scope: string, region: string, parent: AbortSignal): Circuit {
    const key = `${scope}|${region}`;
    let circuit = this.circuits.get(key);
    if (!circuit) {
      const controller = new AbortController();
      // Every call in flight listens to its circuit's signal.
      setMaxListeners(0, controller.signal);
      if (parent.aborted) controller.abort(parent.reason);
      else parent.addEventListener("abort", () => controller.abort(parent.reason), { once: true });
      this.circuits.set(key, (circuit = { controller, run: undefined, open: undefined }));
    }
    return circuit;
  }

  private pair(api: string, region: string): { service: Circuit; own: Circuit } {
    const service = this.circuit(serviceOf(api), region, this.signal);
    return { service, own: this.circuit(api, region, service.controller.signal) };
  }

  /**
   * Before a call of `api` in `region`: throws `CircuitOpenError` when its circuit (or its service's) is
   * open; otherwise returns the signal the call runs under.
   */
  enter(api: string, region: string): AbortSignal {
    const { service, own } = this.pair(api, region);
    const open = service.open ?? own.open;
    if (open) throw new CircuitOpenError(api, open);
    return own.controller.signal;
  }

  /** The call answered: the API and its endpoint work. */
  success(api: string, region: string): void {
    const { service, own } = this.pair(api, region);
    service.run = own.run = undefined;
  }

  /**
   * Records a failed call of `api` in `region` and returns the error to throw: `err`, or, for a call its
   * circuit cut short (while it waited for a token or for AWS), the circuit's, named after `api`.
   */
  failure(api: string, region: string, err: AwsApiError, callSignal: AbortSignal): AwsApiError {
    const { service, own } = this.pair(api, region);
    const stopped = service.open ?? own.open;
    if (callSignal.aborted && stopped) return new CircuitOpenError(api, stopped);
    const cls = systemicClass(err);
    // Anything AWS answered shows the endpoint is reachable.
    if (cls !== "network") service.run = undefined;
    if (!cls) {
      own.run = undefined;
      return err;
    }
    this.count(own, api, cls, err, 1);
    // One API that does not answer may be that API's trouble; several, the endpoint's.
    if (cls === "network") this.count(service, api, cls, err, 2);
    return err;
  }

  /** Adds a failure to `circuit`'s run; opens it once the run is long enough and spans `minApis` APIs. */
  private count(circuit: Circuit, api: string, cls: SystemicClass, failure: AwsApiError, minApis: number): void {
    if (circuit.run?.cls !== cls) circuit.run = { cls, failures: 0, apis: new Set() };
    circuit.run.failures++;
    circuit.run.apis.add(api);
    if (circuit.open || circuit.run.failures < this.threshold || circuit.run.apis.size < minApis) return;
    circuit.open = { scope: minApis > 1 ? serviceOf(api) : api, region: failure.region, failure, failures: circuit.run.failures };
    this.onOpen(circuit.open);
    circuit.controller.abort(new CircuitOpenError(api, circuit.open));
  }

  /** The circuits opened so far. */
  opened(): OpenCircuit[] {
    return [...this.circuits.values()].flatMap((c) => (c.open ? [c.open] : []));
  }
}
