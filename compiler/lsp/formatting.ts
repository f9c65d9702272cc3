// Formatting: the whole document as `vedc fmt` lays it out, as one edit; a
// document that does not parse is left as it is (its diagnostics say why).
import type { TextEdit } from "vscode-languageserver/node";
import { formatSource } from "../format/index.js";

export async function formatDocument(text: string, file: string): Promise<TextEdit[]> {
  const { formatted } = await formatSource(text, { filename: file });
  if (formatted === null || formatted === text) return [];
  const lines = text.split("\n");
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
}
