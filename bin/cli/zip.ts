// A zip archive of a few files held in memory, as a deployment archive: the
// same files give the same bytes (a fixed timestamp, fixed modes), so a
// rebuild of unchanged code deploys nothing new.
import yazl from "yazl";

export interface ZipEntry {
  /** The path inside the archive, with forward slashes. */
  name: string;
  data: string | Uint8Array;
}

/** 1980-01-01, the earliest time a zip entry can hold: no build time leaks into the archive. */
const EPOCH = new Date(1980, 0, 1);

export function zipFiles(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(Buffer.from(entry.data), entry.name, { mtime: EPOCH, mode: 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
