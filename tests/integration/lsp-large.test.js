// The language server holding a 5 MB document: a small document's diagnostics
// and hover are answered while the large one is analysed, in its worker, and
// only the large one's latest version is published (tests/lsp-large-document.js).
import { test } from "../harness.js";
import { largeDocumentScenario } from "../lsp-large-document.js";

test("while a 5 MB document is analysed, a small one is answered; the 5 MB one's latest version is published", () => largeDocumentScenario(16_000), { timeout: 300_000 });

test.run();
