/**
 * The detail panel: one record (its `json_data` decoded and pretty-printed,
 * then the rest of the resource), or the response of a unary call.
 */
import type { JsonValue } from "@bufbuild/protobuf";
import type { ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { el } from "./dom.js";
import { jsonView } from "./json-view.js";
import { decodeRecord, type Decoded, type Row } from "./records.js";

export interface DetailElements {
  panel: HTMLElement;
  title: HTMLElement;
  subtitle: HTMLElement;
  body: HTMLElement;
}

function section(title: string, content: Node, open: boolean): HTMLDetailsElement {
  const details = el("details", "section");
  details.open = open;
  details.append(el("summary", "", title), content);
  return details;
}

function decodedView(decoded: Decoded): Node {
  if (decoded.ok) return jsonView(decoded.value);
  const box = el("div");
  box.append(el("p", "warning", `Not valid JSON (${decoded.error}); the text as received:`), el("pre", "json mono", decoded.raw));
  return box;
}

function facts(pairs: Array<[string, string]>): HTMLDListElement {
  const dl = el("dl", "facts");
  for (const [name, value] of pairs) if (value) dl.append(el("dt", "", name), el("dd", "mono", value));
  return dl;
}

export class DetailView {
  constructor(private readonly elements: DetailElements) {}

  showRecord(info: ResourceInfo, row: Row): void {
    const { decoded, resource, matchRules } = decodeRecord(info);
    const sections: Node[] = [
      facts([
        ["Record", info.resourceType],
        ["Resource ID", row.id],
        ["Region", row.region],
        ["Account", row.account],
        ["State", row.state],
        ["Message", info.message],
      ]),
    ];
    if (decoded.json_data) sections.push(section("json_data (decoded)", decodedView(decoded.json_data), true));
    sections.push(section(decoded.json_data ? "resource (without json_data)" : "resource", jsonView(resource), !decoded.json_data));
    if (decoded.json_metadata) sections.push(section("json_metadata (decoded)", decodedView(decoded.json_metadata), false));
    sections.push(section("match_rules", jsonView(matchRules), false));
    this.show(row.name || row.kind, `#${row.seq} · ${row.kind}`, sections);
  }

  showResponse(title: string, subtitle: string, value: JsonValue): void {
    this.show(title, subtitle, [jsonView(value)]);
  }

  hide(): void {
    this.elements.panel.hidden = true;
  }

  private show(title: string, subtitle: string, content: Node[]): void {
    this.elements.title.textContent = title;
    this.elements.subtitle.textContent = subtitle;
    this.elements.body.replaceChildren(...content);
    this.elements.body.scrollTop = 0;
    this.elements.panel.hidden = false;
  }
}
