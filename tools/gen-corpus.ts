/**
 * npm run gen-corpus -- --reports N --out DIR [--seed S] [--source DIR] [--exclude 名,名] [--include-real-districts]
 *
 * Writes N synthetic education work reports plus DIR/manifest.json for benchmarks and parser tests.
 */
// First: a stale dist/ is rebuilt (and this command re-run) before the rest of it loads.
import { parseArgs } from "node:util";
import { generateReports } from "./gen/generate.js";
import { REAL_CORPUS_DIR } from "./gen/paths.js";
import { readSourceReports } from "./gen/source-material.js";
import { RefusedOutputError, writeCorpus } from "./gen/write-corpus.js";

const USAGE = `usage: npm run gen-corpus -- --reports N --out DIR [--seed S] [--source DIR]
                          [--exclude 黄浦区,闵行区] [--include-real-districts]

  --reports N               how many reports to write (1 or more)
  --out DIR                 output folder (created; never the real corpus/ folder)
  --seed S                  any text; the same seed writes byte-identical files (default 1)
  --source DIR              real reports to take structure and vocabulary from (default corpus/)
  --exclude LIST            district names to leave out, comma-separated
  --include-real-districts  also generate reports for the real reports' own districts (left out by default so
                            that questions about them keep a single answer)`;

function fail(message: string): never {
  console.error(`gen-corpus: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        reports: { type: "string" },
        out: { type: "string" },
        seed: { type: "string", default: "1" },
        source: { type: "string", default: REAL_CORPUS_DIR },
        exclude: { type: "string", default: "" },
        "include-real-districts": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
}

function main(): void {
  const values = parseCommandLine();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const reports = Number(values.reports);
  if (!values.reports || !Number.isInteger(reports) || reports < 1)
    fail("--reports must be a whole number ≥ 1");
  if (!values.out) fail("--out DIR is required");

  const started = performance.now();
  let sources: ReturnType<typeof readSourceReports>;
  try {
    sources = readSourceReports(values.source!);
  } catch (error) {
    fail(`cannot read the source reports: ${(error as Error).message}`);
  }
  const excluded = new Set(
    values
      .exclude!.split(/[,，\s]+/)
      .map((name) => name.trim())
      .filter(Boolean),
  );
  if (!values["include-real-districts"]) for (const source of sources) excluded.add(source.district);

  try {
    const generated = generateReports({ reports, seed: values.seed!, sources, excludeDistricts: excluded });
    const manifest = writeCorpus(values.out, generated, values.seed!, [REAL_CORPUS_DIR, values.source!]);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const layouts = new Set(manifest.files.map((entry) => entry.layout)).size;
    console.log(
      `wrote ${manifest.reports} reports (${layouts} layouts) and ${values.out}/manifest.json in ${seconds} s (seed ${values.seed})`,
    );
  } catch (error) {
    if (error instanceof RefusedOutputError) fail(error.message);
    console.error(`gen-corpus: ${(error as Error).message}`);
    process.exit(1);
  }
}

main();
