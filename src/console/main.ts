/**
 * The console page: fills the forms from the server's settings and runs
 * `Collector.init/verify/collect` and `Job.get_tasks` over gRPC-Web. Secrets live
 * only in their form fields (autocomplete off): never stored, never logged.
 */
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { textOf } from "../common/json.js";
import { DetailView } from "./detail-view.js";
import { byId, el } from "./dom.js";
import { formatCount } from "./progress.js";
import { RecordsView } from "./records-view.js";
import { InputError, objectText, parseObjectField, SECRET_FIELDS, secretDataOf, type SecretField } from "./request.js";
import { createClients, describeFailure } from "./rpc.js";
import { readSettings, type ConsoleSettings } from "./settings.js";
import { StatusView } from "./status-view.js";

const SETTINGS_URL = "/console/settings.json";

const clients = createClients(location.origin);
const optionsField = byId<HTMLTextAreaElement>("options");
const taskOptionsField = byId<HTMLTextAreaElement>("task-options");
const actionButtons = Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-action]"));
const cancelButton = byId<HTMLButtonElement>("cancel");
const filterInput = byId<HTMLInputElement>("filter");
const tasksList = byId<HTMLOListElement>("tasks");

/** A secret's field: the browser is told not to remember it (autocomplete off); the page stores nothing. */
function addSecretInput(field: SecretField): HTMLInputElement {
  const input = el("input");
  input.type = field.sensitive ? "password" : "text";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("autocapitalize", "off");
  input.dataset.secretKey = field.key;
  if (field.placeholder) input.placeholder = field.placeholder;
  const label = el("label", "", field.label);
  if (field.hint) label.append(" ", el("small", "", field.hint));
  label.append(input);
  byId("secret-fields").append(label);
  return input;
}
const secretInputs = SECRET_FIELDS.map((field) => ({ field, input: addSecretInput(field) }));

const status = new StatusView({
  bar: byId("statusbar"),
  phase: byId("status-phase"),
  records: byId("status-records"),
  elapsed: byId("status-elapsed"),
  rate: byId("status-rate"),
  message: byId("status-message"),
  alert: byId("alert"),
  alertTitle: byId("alert-title"),
  alertCode: byId("alert-code"),
  alertText: byId("alert-text"),
});
const detail = new DetailView({ panel: byId("detail"), title: byId("detail-title"), subtitle: byId("detail-subtitle"), body: byId("detail-body") });
const records = new RecordsView(
  { body: byId<HTMLTableElement>("records").tBodies[0]!, counts: byId("counts"), summary: byId("summary"), shown: byId("shown"), empty: byId("empty") },
  {
    select: (info, row) => detail.showRecord(info, row),
    filter: (text) => {
      filterInput.value = text;
      records.setFilter(text);
    },
  },
);

interface RequestFields {
  options: JsonObject;
  secretData: JsonObject;
  /** Absent: `collect` plans every task. */
  taskOptions?: JsonObject;
}

/** The forms as request fields; throws `InputError` naming the field that is wrong. */
function requestFields(): RequestFields {
  for (const field of [optionsField, taskOptionsField]) field.removeAttribute("aria-invalid");
  return {
    options: parseObjectField(optionsField.id, "Options", optionsField.value) ?? {},
    secretData: secretDataOf(secretInputs.map(({ field, input }) => ({ key: field.key, value: input.value }))),
    taskOptions: parseObjectField(taskOptionsField.id, "Task options", taskOptionsField.value),
  };
}

let running: AbortController | undefined;

function setBusy(busy: boolean): void {
  for (const button of actionButtons) button.disabled = busy;
  cancelButton.disabled = !busy;
  document.body.classList.toggle("busy", busy);
}

/** Runs one call at a time; `call` returns the status line for its success. */
async function run(name: string, call: (fields: RequestFields, signal: AbortSignal) => Promise<string>, counted?: () => number): Promise<void> {
  if (running) return;
  let fields: RequestFields;
  try {
    fields = requestFields();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    byId(e.field).setAttribute("aria-invalid", "true");
    byId(e.field).focus();
    status.showAlert(`${name}: request not sent`, "", e.message);
    return;
  }
  const controller = (running = new AbortController());
  setBusy(true);
  status.start(`${name}…`, counted);
  try {
    const message = await call(fields, controller.signal);
    records.flush();
    status.finish("done", message);
  } catch (err) {
    records.flush();
    if (controller.signal.aborted) {
      status.finish("cancelled", `${name} cancelled.`);
    } else {
      const failure = describeFailure(err);
      status.showFailure(`${name} failed`, failure);
      status.finish("failed", `${name} failed (${failure.code}).`);
    }
  } finally {
    running = undefined;
    setBusy(false);
  }
}

/** A task's options in a few words: `CloudService · EC2 · us-east-1`. */
function taskLabel(task: JsonObject): string {
  const words = (value: JsonValue | undefined): string[] =>
    typeof value === "string" ? [value.replace(/^inventory\./, "")] : Array.isArray(value) ? [value.map(textOf).join(", ")] : [];
  const label = [...words(task.resource_type), ...words(task.service), ...words(task.services), ...words(task.region), ...words(task.regions)].join(" · ");
  return label || JSON.stringify(task);
}

function showTasks(tasks: JsonObject[]): void {
  const choice = (label: string, title: string, text: string) => {
    const button = el("button", "task", label);
    button.type = "button";
    button.title = title;
    button.addEventListener("click", () => {
      taskOptionsField.value = text;
      taskOptionsField.removeAttribute("aria-invalid");
    });
    const li = el("li");
    li.append(button);
    return li;
  };
  tasksList.replaceChildren(
    choice("Every task", "Clear the task options: collect plans every task", ""),
    ...tasks.map((task) => choice(taskLabel(task), "Collect only this task", objectText(task))),
  );
}

const ACTIONS: Record<string, () => Promise<void>> = {
  init: () =>
    run("Collector.init", async ({ options }, signal) => {
      const response = await clients.collector.init({ options }, { signal });
      detail.showResponse("Collector.init", "PluginInfo", { metadata: response.metadata ?? {} });
      return "Collector.init answered; its metadata is in the panel.";
    }),
  verify: () =>
    run("Collector.verify", async ({ options, secretData }, signal) => {
      await clients.collector.verify({ options, secretData }, { signal });
      return "Collector.verify succeeded: AWS accepted the credentials and allowed every required action.";
    }),
  "get-tasks": () =>
    run("Job.get_tasks", async ({ options, secretData }, signal) => {
      const response = await clients.job.get_tasks({ options, secretData }, { signal });
      const tasks = response.tasks.map((task) => task.taskOptions ?? {});
      showTasks(tasks);
      detail.showResponse("Job.get_tasks", `${tasks.length} tasks`, { tasks: tasks.map((task_options) => ({ task_options })) });
      return `${tasks.length} tasks; pick one under Task options to collect only it.`;
    }),
  collect: () =>
    run(
      "Collector.collect",
      async ({ options, secretData, taskOptions }, signal) => {
        records.reset();
        detail.hide();
        for await (const info of clients.collector.collect({ options, secretData, filter: {}, taskOptions }, { signal })) records.push(info);
        return `Collection complete: ${formatCount(records.size)}.`;
      },
      () => records.size,
    ),
};

for (const button of actionButtons) button.addEventListener("click", () => void ACTIONS[button.dataset.action!]?.());
cancelButton.addEventListener("click", () => running?.abort());
filterInput.addEventListener("input", () => records.setFilter(filterInput.value));
byId("clear").addEventListener("click", () => {
  records.reset();
  detail.hide();
});
byId("detail-close").addEventListener("click", () => detail.hide());
byId("alert-close").addEventListener("click", () => status.hideAlert());
byId<HTMLInputElement>("show-secrets").addEventListener("change", (e) => {
  const type = (e.target as HTMLInputElement).checked ? "text" : "password";
  for (const { field, input } of secretInputs) if (field.sensitive) input.type = type;
});

async function loadSettings(): Promise<ConsoleSettings> {
  try {
    const response = await fetch(SETTINGS_URL, { cache: "no-store" });
    if (response.ok) return readSettings(await response.json());
  } catch {
    // Unreachable settings leave the forms empty; the calls themselves report the problem.
  }
  return { demo: false };
}

function applySettings({ demo, defaults = {} }: ConsoleSettings): void {
  byId("demo-badge").hidden = !demo;
  optionsField.value = objectText(defaults.options ?? {});
  taskOptionsField.value = objectText(defaults.taskOptions);
  for (const { field, input } of secretInputs) {
    const value = defaults.secretData?.[field.key];
    input.value = typeof value === "string" ? value : "";
  }
  document.body.dataset.ready = "true";
}

byId("origin").textContent = location.host;
setBusy(false);
applySettings(await loadSettings());
