// Quick fixes: every diagnostic whose hint is a did-you-mean (an unknown
// name, type, enum, member, effect or function close to a known one) offers
// to replace the name with the one it meant.
import { CodeActionKind, type CodeAction, type Range } from "vscode-languageserver/node";
import { check } from "../index.js";
import { toRange } from "./document.js";

const DID_YOU_MEAN = /did you mean '([^']+)'\?/;

export function quickFixes(text: string, file: string, uri: string, range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of check(text, { filename: file }).diagnostics) {
    const meant = d.hint ? DID_YOU_MEAN.exec(d.hint)?.[1] : undefined;
    const at = toRange(d.span);
    if (meant === undefined || !overlaps(at, range)) continue;
    const written = text.slice(d.span.start.offset, d.span.end.offset);
    actions.push({
      title: `Change '${written}' to '${meant}'`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: [{ range: at, message: d.message, code: d.code, source: "vedc" }],
      edit: { changes: { [uri]: [{ range: at, newText: meant }] } },
    });
  }
  return actions;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
