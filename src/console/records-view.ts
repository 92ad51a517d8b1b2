/**
 * The live records table and the count table above it. Records arrive faster
 * than the page should repaint, so they are buffered and drawn once per frame.
 */
import type { ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Counts, type CountTable } from "./counts.js";
import { el } from "./dom.js";
import { filterText, parseFilter, type RowPredicate } from "./filter.js";
import { toRow, type Row } from "./records.js";

export interface RecordsElements {
  body: HTMLTableSectionElement;
  counts: HTMLTableElement;
  /** The box around the count table, hidden while there is nothing to count. */
  summary: HTMLElement;
  /** "n of m shown". */
  shown: HTMLElement;
  /** Shown while the table is empty. */
  empty: HTMLElement;
}

export interface RecordsEvents {
  select(info: ResourceInfo, row: Row): void;
  /** A count cell was clicked: filter by its coordinates. */
  filter(text: string): void;
}

export class RecordsView {
  private rows: Row[] = [];
  private infos: ResourceInfo[] = [];
  private pending: ResourceInfo[] = [];
  private counts = new Counts();
  private matches: RowPredicate = () => true;
  private frame: number | undefined;
  private selected: HTMLTableRowElement | undefined;

  constructor(
    private readonly elements: RecordsElements,
    private readonly events: RecordsEvents,
  ) {
    elements.body.addEventListener("click", (e) => this.open((e.target as Element).closest("tr")));
    elements.body.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.open((e.target as Element).closest("tr"));
    });
    elements.counts.addEventListener("click", (e) => {
      const cell = (e.target as Element).closest<HTMLElement>("[data-kind]");
      if (cell) events.filter(filterText(cell.dataset.kind!, cell.dataset.region));
    });
    this.render();
  }

  /** Records received so far, drawn or not. */
  get size(): number {
    return this.rows.length + this.pending.length;
  }

  reset(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.rows = [];
    this.infos = [];
    this.pending = [];
    this.counts = new Counts();
    this.selected = undefined;
    this.elements.body.replaceChildren();
    this.render();
  }

  push(info: ResourceInfo): void {
    this.pending.push(info);
    this.frame ??= requestAnimationFrame(() => this.flush());
  }

  /** Draws what is buffered (also called when the stream ends, so the last records never wait for a frame). */
  flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    if (this.pending.length === 0) return;
    const fragment = document.createDocumentFragment();
    for (const info of this.pending) {
      const row = toRow(info, this.rows.length + 1);
      this.rows.push(row);
      this.infos.push(info);
      this.counts.add(row);
      const tr = rowElement(row);
      tr.hidden = !this.matches(row);
      fragment.append(tr);
    }
    this.pending = [];
    this.elements.body.append(fragment);
    this.render();
  }

  setFilter(text: string): void {
    this.matches = parseFilter(text);
    for (const tr of Array.from(this.elements.body.rows)) tr.hidden = !this.matches(this.rows[Number(tr.dataset.seq) - 1]!);
    this.render();
  }

  private open(tr: HTMLTableRowElement | null): void {
    if (!tr?.dataset.seq) return;
    const at = Number(tr.dataset.seq) - 1;
    this.selected?.classList.remove("selected");
    tr.classList.add("selected");
    this.selected = tr;
    this.events.select(this.infos[at]!, this.rows[at]!);
  }

  private render(): void {
    const shown = this.rows.filter(this.matches).length;
    const total = this.rows.length;
    this.elements.shown.textContent = shown === total ? `${total} shown` : `${shown} of ${total} shown`;
    this.elements.empty.hidden = total > 0;
    this.elements.summary.hidden = total === 0;
    renderCounts(this.elements.counts, this.counts.table());
  }
}

function rowElement(row: Row): HTMLTableRowElement {
  const tr = el("tr");
  tr.dataset.seq = String(row.seq);
  tr.tabIndex = 0;
  if (row.state !== "SUCCESS") tr.classList.add("failed");
  const kind = el("td", "kind");
  kind.append(el("span", "kind-name", row.kind));
  if (row.kind !== row.recordType) kind.append(" ", el("span", "subtle", row.recordType));
  tr.append(
    el("td", "num", String(row.seq)),
    kind,
    el("td", "name", row.name),
    el("td", "mono", row.id),
    el("td", "", row.region),
    el("td", "mono", row.account),
    el("td", "", row.state),
  );
  for (const td of Array.from(tr.cells)) td.title = td.textContent ?? "";
  return tr;
}

function countCell(count: number | undefined, kind: string, region?: string): HTMLTableCellElement {
  const td = el("td", "num");
  if (!count) {
    td.textContent = "·";
    td.classList.add("subtle");
    return td;
  }
  const button = el("button", "cell", String(count));
  button.type = "button";
  button.dataset.kind = kind;
  if (region !== undefined) button.dataset.region = region;
  button.title = `Show only ${filterText(kind, region)}`;
  td.append(button);
  return td;
}

function renderCounts(table: HTMLTableElement, counts: CountTable): void {
  const head = el("tr");
  head.append(el("th", "", "Type"), el("th", "num", "Total"), ...counts.regions.map((region) => el("th", "num", region)));
  const body = counts.kinds.map(({ kind, total, byRegion }) => {
    const tr = el("tr", kind === "ErrorResource" ? "failed" : "");
    tr.append(el("th", "", kind), countCell(total, kind), ...counts.regions.map((region) => countCell(byRegion.get(region), kind, region)));
    return tr;
  });
  const foot = el("tr");
  foot.append(
    el("th", "", "All"),
    el("th", "num", String(counts.total)),
    ...counts.regions.map((region) => el("th", "num", String(sumRegion(counts, region)))),
  );
  table.replaceChildren(el("thead"), el("tbody"));
  table.tHead!.append(head);
  table.tBodies[0]!.append(...body, foot);
}

function sumRegion(counts: CountTable, region: string): number {
  return counts.kinds.reduce((sum, { byRegion }) => sum + (byRegion.get(region) ?? 0), 0);
}
