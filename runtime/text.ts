// Text from callers that must be valid Unicode: it names folders, rows and
// keys, which hold only well-formed text (a lone surrogate cannot be encoded
// as UTF-8).

/** The index of the first lone surrogate in `text`, or -1 when it is well-formed UTF-16. */
export function loneSurrogate(text: string): number {
  const match = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return match ? match.index : -1;
}
