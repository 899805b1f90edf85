/** `npm start` and `npm run scrt -- serve`: compile the forms, open storage, seed the embedded default, then serve. */
import { DefinitionError } from "../engine/index.ts";
import { buildApp } from "./app.ts";
import { buildRenderer, RENDERER_DIST } from "./build-renderer.ts";
import { describeDatabase, loadConfig, takeDataLock } from "../ops/index.ts";
import { createServerContext } from "./context-factory.ts";

export async function serve(): Promise<void> {
  const config = loadConfig();
  // Held until close (or exit): `scrt restore` refuses to replace the database under a live server.
  // On PostgreSQL there is no file to replace, and several instances share the database.
  let releaseLock = () => {};
  if (!config.databaseUrl) {
    const lock = takeDataLock(config.dataDir, "server");
    if (!lock.ok) throw new Error(lock.message);
    if (lock.replacedStale) process.stdout.write(`${lock.replacedStale}\n`);
    releaseLock = lock.release;
  }
  if (await buildRenderer()) process.stdout.write("Built the web app (renderer/dist).\n");
  const context = await createServerContext({ config, report: (line) => process.stdout.write(`${line}\n`) });
  const app = await buildApp(context, { logger: true, webDist: RENDERER_DIST, trustProxy: config.trustProxy, service: config.service });
  const close = async () => {
    await app.close();
    await context.store.close();
    releaseLock();
    process.exit(0);
  };
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
  const address = await app.listen({ port: config.port, host: config.host });
  // The dashboard reads every revision once; start now so that the first visit is quick.
  context.dashboards.warm((e) => app.log.error({ err: e }, "reading the dashboard's records failed"));
  // Printed plainly (not only in the JSON log) so people and scripts can find the address.
  process.stdout.write(`S-CRT is running at ${address} (${describeDatabase(config)}; API docs at ${address}/docs)\n`);
}

/** Starts the server, or explains in one message why it cannot (never a stack trace). */
export function start(): void {
  serve().catch((e: unknown) => {
    if (e instanceof DefinitionError) {
      process.stderr.write(`The form definitions have problems; the server will not start until they are fixed:\n${e.message}\n`);
    } else {
      process.stderr.write(`Could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    process.exit(1);
  });
}

if (process.argv[1] && /server[\\/]main\.ts$/.test(process.argv[1])) start();
