import { describe, expect, it } from "vitest";
import { Semaphore } from "./async.js";

describe("Semaphore", () => {
  it("hands a finished slot to the waiter, not to a newcomer arriving in between", async () => {
    const sem = new Semaphore(1);
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const task = (name: string) => async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      order.push(name);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
    };
    let release!: () => void;
    const first = sem.run(() => new Promise<void>((r) => (release = r)));
    const waiter = sem.run(task("waiter"));
    release();
    // Queued right behind the first task's completion, before the woken waiter resumes.
    const newcomer = Promise.resolve().then(() => sem.run(task("newcomer")));
    await Promise.all([first, waiter, newcomer]);
    expect(maxInFlight).toBe(1);
    expect(order).toEqual(["waiter", "newcomer"]);
  });
});
