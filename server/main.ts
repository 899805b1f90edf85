/** `npm start`: compile the forms once, then serve the tracker. */
import { FormRegistry } from "../engine/registry.ts";
import { DefinitionError } from "../engine/problems.ts";
import { buildApp } from "./app.ts";
import { configFromEnv } from "./config.ts";

export async function serve(): Promise<void> {
  const config = configFromEnv();
  let registry: FormRegistry;
  try {
    registry = await FormRegistry.load();
  } catch (e) {
    if (e instanceof DefinitionError) {
      process.stderr.write(`The form definitions have problems; the server will not start until they are fixed:\n${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const app = await buildApp({ registry, logger: true });
  await app.listen({ port: config.port, host: config.host });
}

serve().catch((e: unknown) => {
  process.stderr.write(`Could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
