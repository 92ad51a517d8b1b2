/**
 * Pretty-printed JSON as DOM nodes with its tokens classed for colouring
 * (`j-key`, `j-str`, `j-num`, `j-lit`): text nodes and spans only, never markup.
 */
import { el } from "./dom.js";

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(?:true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

export function jsonView(value: unknown): HTMLPreElement {
  const pre = el("pre", "json mono");
  const text = JSON.stringify(value, null, 2) ?? "undefined";
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index > last) pre.append(text.slice(last, match.index));
    const [token, string, colon] = match;
    if (string !== undefined) {
      pre.append(el("span", colon ? "j-key" : "j-str", string));
      if (colon) pre.append(colon);
    } else {
      pre.append(el("span", /^[-\d]/.test(token) ? "j-num" : "j-lit", token));
    }
    last = match.index + token.length;
  }
  pre.append(text.slice(last));
  return pre;
}
