/**
 * Before any test: dist/ is rebuilt when src/ changed since the last build, because the command-line and
 * `npm start` tests run the built JavaScript with plain node, as users do. Once here, not in every test
 * file, so that parallel test files never build at the same time.
 */
import { fileURLToPath } from "node:url";
import { rebuildIfStale } from "../../src/app/build/fresh-build.js";

export default function setup(): void {
  rebuildIfStale(fileURLToPath(new URL("../../", import.meta.url)));
}
