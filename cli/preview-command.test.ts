/**
 * `scrt forms preview`: clear usage errors, and a running preview that names its address,
 * reports each save on the command line (problems as file:line:column) and stops cleanly.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { main } from "./main.ts";
import { openPreview } from "./preview-command.ts";
import { PROJECT_ROOT } from "../engine/index.ts";

const folder = mkdtempSync(join(tmpdir(), "scrt-preview-cli-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function collect() {
  const lines = { stdout: "", stderr: "" };
  return { lines, out: { stdout: (s: string) => void (lines.stdout += s), stderr: (s: string) => void (lines.stderr += s) } };
}

it.each([
  [["forms", "preview", "no-such-collection"], /unknown collection "no-such-collection"; known collections: .*s-crt/],
  [["forms", "preview", "s-crt", "--port", "seventy"], /--port must be a port number, not "seventy"/],
  [["forms", "preview", "s-crt", "--editor", "notepad"], /--editor must be one of vscode, cursor, idea or an address with \{path\}/],
])("refuses %j with a clear message and exit code 2", async (argv, message) => {
  const { lines, out } = collect();
  expect(await main(argv, out)).toBe(2);
  expect(lines.stderr).toMatch(message);
  expect(lines.stderr).not.toMatch(/at .*\.ts:\d+/);
});

it("starts on loopback, prints each save's result, and stops", { timeout: 60_000 }, async () => {
  cpSync(join(PROJECT_ROOT, "forms/s-crt"), join(folder, "s-crt"), { recursive: true });
  const previous = process.env.SCRT_FORMS;
  process.env.SCRT_FORMS = folder;
  const { lines, out } = collect();
  const preview = await openPreview(["s-crt"], { port: "0", editor: "vscode" }, out).finally(() => {
    if (previous === undefined) delete process.env.SCRT_FORMS;
    else process.env.SCRT_FORMS = previous;
  });
  try {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.stdout).toMatch(/s-crt 2\.0: no problems/);
    expect(lines.stdout).toContain(`Preview of s-crt at ${preview.url}/`);
    const file = join(folder, "s-crt/versions/2.0.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("type: single_choice", "type: single_choise"));
    await expect.poll(() => lines.stdout, { timeout: 20_000 }).toMatch(/showing the last form that compiled/);
    expect(lines.stdout).toMatch(/^  s-crt\/versions\/2\.0\.yaml:\d+:\d+: "type" in item "status" must be one of/m);
  } finally {
    await preview.close();
  }
});
