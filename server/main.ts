/** `npm start`: compile the forms, open storage, seed the embedded default, then serve. */
import { DefinitionError } from "../engine/problems.ts";
import { buildApp } from "./app.ts";
import { configFromEnv } from "./config.ts";
import { createServerContext } from "./context-factory.ts";

export async function serve(): Promise<void> {
  const config = configFromEnv();
  const context = await createServerContext({ config });
  const app = await buildApp(context, { logger: true });
  const close = async () => {
    await app.close();
    await context.store.close();
    process.exit(0);
  };
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`S-CRT is running at http://${config.host}:${config.port} (data in ${config.dataDir}; API docs at /docs)`);
}

serve().catch((e: unknown) => {
  if (e instanceof DefinitionError) {
    process.stderr.write(`The form definitions have problems; the server will not start until they are fixed:\n${e.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  process.exit(1);
});
