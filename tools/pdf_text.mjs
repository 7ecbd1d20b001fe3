// Text of a PDF as a browser PDF viewer extracts it (pdf.js): what find-in-page and copy get.
// Usage: node tools/pdf_text.mjs FILE.pdf > FILE.txt   (scripts/setup.sh runs npm ci in tools/)
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "node:fs";
const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, useSystemFonts: false, disableFontFace: true }).promise;
let out = "";
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const tc = await page.getTextContent();
  out += tc.items.map(it => it.str + (it.hasEOL ? "\n" : "")).join("") + "\n";
}
process.stdout.write(out);
