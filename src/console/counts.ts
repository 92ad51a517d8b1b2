/**
 * Records counted by kind (cloud service type or record type) and region, as
 * the stream arrives: the count table above the records.
 */
import { GLOBAL_REGION, type Row } from "./records.js";

/** Non-CloudService kinds, in the order a collect sends them; errors last. */
const OTHER_KINDS = ["CloudServiceType", "Region", "Namespace", "Metric", "ErrorResource"];

function kindRank(kind: string): number {
  const at = OTHER_KINDS.indexOf(kind);
  return at < 0 ? -1 : at;
}

export interface CountTable {
  /** Regions with any record, sorted; `GLOBAL_REGION` last. */
  regions: string[];
  /** Cloud service types first (alphabetically), then the other record types. */
  kinds: Array<{ kind: string; total: number; byRegion: Map<string, number> }>;
  total: number;
}

export class Counts {
  private readonly cells = new Map<string, Map<string, number>>();
  private total = 0;

  add(row: Row): void {
    let byRegion = this.cells.get(row.kind);
    if (!byRegion) this.cells.set(row.kind, (byRegion = new Map<string, number>()));
    byRegion.set(row.region, (byRegion.get(row.region) ?? 0) + 1);
    this.total++;
  }

  table(): CountTable {
    const regions = new Set<string>();
    const kinds = [...this.cells].map(([kind, byRegion]) => {
      let total = 0;
      for (const [region, n] of byRegion) {
        regions.add(region);
        total += n;
      }
      return { kind, total, byRegion };
    });
    kinds.sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind));
    const sortedRegions = [...regions].sort((a, b) => Number(a === GLOBAL_REGION) - Number(b === GLOBAL_REGION) || a.localeCompare(b));
    return { regions: sortedRegions, kinds, total: this.total };
  }
}
