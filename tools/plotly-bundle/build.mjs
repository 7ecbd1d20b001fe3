// Builds src/briefing/static/vendor/plotly/plotly-briefing.min.js from the npm registry's plotly.js (exact
// version in package-lock.json) with esbuild: `make plotly-bundle`. The same inputs give the same bytes.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "src", "briefing", "static", "vendor", "plotly");
const plotly = JSON.parse(readFileSync(join(here, "node_modules", "plotly.js", "package.json"), "utf8"));
mkdirSync(out, { recursive: true });
const result = await build({
  metafile: true,
  entryPoints: [join(here, "entry.js")],
  outfile: join(out, "plotly-briefing.min.js"),
  bundle: true, format: "iife", globalName: "Plotly", minify: true, target: "es2016",
  legalComments: "none", logLevel: "warning",
  banner: { js: `/* plotly.js ${plotly.version} (MIT, see LICENSE), partial bundle: core (scatter) + heatmap */` },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  alias: { stream: "stream-browserify" },
  loader: { ".css": "empty" },  // only map traces (not bundled) import a stylesheet
});
copyFileSync(join(here, "node_modules", "plotly.js", "LICENSE"), join(out, "LICENSE"));
// every npm package with code in the bundle, with the licence its package.json declares
const packages = new Map();
const bundled = Object.values(result.metafile.outputs).find((o) => o.entryPoint).inputs;
for (const [input, { bytesInOutput }] of Object.entries(bundled)) {
  if (!bytesInOutput) continue;
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
  if (!m) continue;
  const name = m[m.length - 1].slice("node_modules/".length, -1);
  const root = input.slice(0, input.lastIndexOf(m[m.length - 1]) + m[m.length - 1].length);
  const meta = JSON.parse(readFileSync(join(here, root, "package.json"), "utf8"));
  packages.set(name, `${name} ${meta.version} (${meta.license || "see its package"})`);
}
writeFileSync(join(out, "THIRD_PARTY.txt"), "Packages bundled into plotly-briefing.min.js (from their package.json):\n"
  + [...packages.values()].sort().join("\n") + "\n");
console.log(`plotly.js ${plotly.version} -> ${out}`);
