// The language server stays responsive while it holds a large document: the
// document is analysed in a worker of its own, off the request path; edits to
// it are debounced and a newer version stops the analysis of an older one;
// a small document's requests are answered meanwhile. (The same with a 5 MB
// document: tests/integration/lsp-large.test.js.)
import { test } from "./harness.js";
import { largeDocumentScenario } from "./lsp-large-document.js";

test("a document of 400 kB is analysed off the request path; a small one is answered meanwhile", () => largeDocumentScenario(1_300), { timeout: 60_000 });

test.run();
