/**
 * The configuration table (config.ts) as text: `--help` and the README's
 * table (a test keeps README.md in step with it).
 */
import type { Setting } from "./config-values.js";

export interface ConfigRow<K extends string = string> {
  key: K;
  env: string;
  flag: string;
  default: string;
  description: string;
}

function formatDefault(setting: Setting<unknown>): string {
  if (setting.defaultText) return setting.defaultText;
  return Array.isArray(setting.default) ? setting.default.join(",") : String(setting.default);
}

/** One row per setting: name, environment variable, flag, default, description. */
export function settingRows<K extends string>(table: Record<K, Setting<unknown>>): Array<ConfigRow<K>> {
  return (Object.keys(table) as K[]).map((key) => {
    const s = table[key];
    return { key, env: s.env ?? "", flag: s.flag ?? "", default: formatDefault(s), description: s.description };
  });
}

/** The `--help` text. */
export function helpText<K extends string>(table: Record<K, Setting<unknown>>): string {
  const lines = [
    "Cloudforet AWS EC2 collector: gRPC, gRPC-Web and Connect on one port.",
    "",
    "Usage: node dist/src/main.js [options]   (command line > environment > default)",
    "",
  ];
  for (const row of settingRows(table)) {
    const names = [row.flag + (table[row.key].boolean ? "" : " <value>"), row.env].filter(Boolean).join(", ");
    lines.push(`  ${names}`, `      ${row.description}`, `      default: ${row.default}`);
  }
  return lines.join("\n");
}

/** The README's configuration table. */
export function markdownTable(rows: readonly ConfigRow[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = ["| setting | environment | flag | default | meaning |", "| --- | --- | --- | --- | --- |"];
  for (const row of rows) {
    const code = (s: string) => (s ? `\`${s}\`` : "");
    lines.push(`| ${row.key} | ${code(row.env)} | ${code(row.flag)} | ${code(cell(row.default))} | ${cell(row.description)} |`);
  }
  return lines.join("\n");
}
