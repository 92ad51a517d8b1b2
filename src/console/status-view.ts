/**
 * The status bar (what runs or ran, records so far, elapsed time, rate) and the
 * alert above the results (a failure's Connect code and `ERROR_CODE: message`).
 */
import { formatCount, formatElapsed, formatRate } from "./progress.js";
import type { CallFailure } from "./rpc.js";

export type Phase = "idle" | "running" | "done" | "cancelled" | "failed";

const PHASE_LABEL: Record<Phase, string> = { idle: "Idle", running: "Running", done: "Done", cancelled: "Cancelled", failed: "Failed" };

/** How often the elapsed time and rate refresh while a call runs. */
const TICK_MS = 250;

export interface StatusElements {
  /** Carries `data-phase` for styling and tests. */
  bar: HTMLElement;
  phase: HTMLElement;
  records: HTMLElement;
  elapsed: HTMLElement;
  rate: HTMLElement;
  message: HTMLElement;
  alert: HTMLElement;
  alertTitle: HTMLElement;
  alertCode: HTMLElement;
  alertText: HTMLElement;
}

export class StatusView {
  private started = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;

  /** Counts what the running collect received; unset for unary calls. */
  private records: (() => number) | undefined;

  constructor(private readonly elements: StatusElements) {
    this.setPhase("idle", "Ready.");
  }

  start(message: string, records?: () => number): void {
    this.hideAlert();
    this.records = records;
    this.started = performance.now();
    this.setPhase("running", message);
    this.tick();
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  finish(phase: Exclude<Phase, "idle" | "running">, message: string): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.tick();
    this.setPhase(phase, message);
  }

  showFailure(title: string, failure: CallFailure): void {
    this.showAlert(title, failure.code, failure.message);
  }

  showAlert(title: string, code: string, text: string): void {
    const { alert, alertTitle, alertCode, alertText } = this.elements;
    alertTitle.textContent = title;
    alertCode.textContent = code;
    alertCode.hidden = code === "";
    alertText.textContent = text;
    alert.hidden = false;
  }

  hideAlert(): void {
    this.elements.alert.hidden = true;
  }

  private tick(): void {
    const elapsed = performance.now() - this.started;
    const records = this.records?.();
    this.elements.elapsed.textContent = formatElapsed(elapsed);
    this.elements.records.textContent = records === undefined ? "" : formatCount(records);
    this.elements.rate.textContent = records === undefined ? "" : formatRate(records, elapsed);
  }

  private setPhase(phase: Phase, message: string): void {
    this.elements.bar.dataset.phase = phase;
    this.elements.phase.textContent = PHASE_LABEL[phase];
    this.elements.message.textContent = message;
  }
}
