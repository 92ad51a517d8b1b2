/**
 * Call statistics per fixture set, for tests and benchmarks: per API and per
 * account × region × API, how many calls arrived, how many were SDK retries,
 * how many were throttled, and errors by code.
 */
export interface CallCounters {
  calls: number;
  /** Attempts after the first (`amz-sdk-request: attempt=N`, N > 1). */
  retries: number;
  throttles: number;
  errors: Record<string, number>;
}

export interface StatsSnapshot {
  /** Calls being answered right now (a hang or latency fault holds them here). */
  inFlight: number;
  totals: CallCounters;
  apis: Record<string, CallCounters>;
  /** Keyed `<account>/<region>/<service>:<Action>`. */
  scopes: Record<string, CallCounters>;
}

export interface CallOutcome {
  api: string;
  account: string;
  region: string;
  retry: boolean;
  /** Error code sent back, if the call failed. */
  errorCode?: string;
  throttled: boolean;
}

const empty = (): CallCounters => ({ calls: 0, retries: 0, throttles: 0, errors: {} });

function add(counters: CallCounters, outcome: CallOutcome): void {
  counters.calls++;
  if (outcome.retry) counters.retries++;
  if (outcome.throttled) counters.throttles++;
  if (outcome.errorCode) counters.errors[outcome.errorCode] = (counters.errors[outcome.errorCode] ?? 0) + 1;
}

export class Stats {
  private data: Omit<StatsSnapshot, "inFlight"> = { totals: empty(), apis: {}, scopes: {} };
  private running = 0;

  /** Marks a call as started; the returned function marks it answered (once). */
  begin(): () => void {
    this.running++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running--;
    };
  }

  record(outcome: CallOutcome): void {
    add(this.data.totals, outcome);
    add((this.data.apis[outcome.api] ??= empty()), outcome);
    add((this.data.scopes[`${outcome.account}/${outcome.region}/${outcome.api}`] ??= empty()), outcome);
  }

  snapshot(): StatsSnapshot {
    return { inFlight: this.running, ...structuredClone(this.data) };
  }

  reset(): void {
    this.data = { totals: empty(), apis: {}, scopes: {} };
  }
}
