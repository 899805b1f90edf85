/**
 * The standards team's local preview: a small server on loopback that watches one collection's
 * definition files and, on every save, rebuilds what the preview page shows (snapshot.ts) and
 * tells open pages over server-sent events, so they redraw without a reload and without polling.
 * It reads YAML, which the tracker's server never does; it stores nothing.
 */
import { fastifySSE } from "@fastify/sse";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance } from "fastify";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { takeSnapshot, type Snapshot, type SnapshotOptions } from "./snapshot.ts";
import { watchFolder } from "./watch.ts";

export interface PreviewOptions extends SnapshotOptions {
  /** The built renderer (renderer/dist), which holds preview.html. */
  distDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Called after every rebuild (the CLI prints a line). */
  onRebuild?(snapshot: Snapshot): void;
}

export interface RunningPreview {
  url: string;
  /** The state the page is shown now. */
  current(): Snapshot;
  close(): Promise<void>;
}

const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// The engine's dictionary is a standalone document with its own small stylesheet; it runs no script.
const DICTIONARY_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'";

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  let snapshot = await takeSnapshot(options, null);
  // Validator modules by their address: the current one and the one before, so a page that is
  // still loading the previous form does not fail.
  let validators = new Map<string, string>();
  const remember = (s: Snapshot) => {
    const next = new Map<string, string>();
    const previous = snapshot.state.validatorUrl;
    if (previous && validators.has(previous)) next.set(previous, validators.get(previous)!);
    if (s.state.validatorUrl && s.validatorCode) next.set(s.state.validatorUrl, s.validatorCode);
    validators = next;
  };
  remember(snapshot);

  const listeners = new Set<(revision: number) => void>();
  let building: Promise<void> | null = null;
  let again = false;
  const rebuild = (): void => {
    if (building) {
      again = true;
      return;
    }
    building = (async () => {
      do {
        again = false;
        const next = await takeSnapshot(options, snapshot);
        remember(next);
        snapshot = next;
        options.onRebuild?.(next);
        for (const listener of listeners) listener(next.state.revision);
      } while (again);
    })().finally(() => {
      building = null;
    });
  };
  const watching = watchFolder(options.dir, rebuild);

  // The page keeps its event stream open: closing the preview must not wait for it.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const pageTemplate = readFileSync(join(options.distDir, "preview.html"), "utf8");
  let origin = "";
  app.addHook("onRequest", async (request, reply) => {
    // Only the machine itself, by its loopback name: a web page elsewhere cannot reach the
    // preview through a DNS name that points at 127.0.0.1.
    if (request.headers.host !== origin.replace(/^http:\/\//, "") && request.headers.host !== origin.replace(/^http:\/\/127\.0\.0\.1/, "localhost")) {
      return reply.status(421).type("text/plain; charset=utf-8").send("The preview answers only on its loopback address.");
    }
    reply.header("content-security-policy", PAGE_CSP).header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer").header("cache-control", "no-store");
  });
  await app.register(fastifySSE);
  await app.register(fastifyStatic, { root: options.distDir, prefix: "/", index: false, wildcard: false, serve: true, allowedPath: (path) => path.startsWith("/assets/") });
  app.get("/", (_request, reply) => reply.type("text/html; charset=utf-8").send(pageTemplate));
  app.get("/preview/state", () => snapshot.state);
  app.get<{ Params: { name: string } }>("/preview/validator/:name", (request, reply) => {
    const code = validators.get(`/preview/validator/${request.params.name}`);
    if (!code) return reply.status(404).send({ message: "That validator is no longer current: the page reloads the state." });
    return reply.type("text/javascript; charset=utf-8").send(code);
  });
  app.get("/preview/dictionary.html", (_request, reply) => {
    if (!snapshot.dictionaryHtml) return reply.status(404).type("text/plain; charset=utf-8").send("No version has compiled yet.");
    return reply.header("content-security-policy", DICTIONARY_CSP).type("text/html; charset=utf-8").send(snapshot.dictionaryHtml);
  });
  app.get("/preview/events", { sse: "only" }, async (_request, reply) => {
    reply.sse.keepAlive();
    const listener = (revision: number) => void reply.sse.send({ event: "rebuilt", data: { revision } }).catch(() => undefined);
    listeners.add(listener);
    reply.sse.onClose(() => listeners.delete(listener));
    await reply.sse.send({ event: "ready", data: { revision: snapshot.state.revision } });
  });

  const address = await app.listen({ host: "127.0.0.1", port: options.port ?? 0 });
  origin = address;
  return {
    url: address,
    current: () => snapshot,
    async close() {
      watching.close();
      listeners.clear();
      await building;
      await app.close();
    },
  };
}

export type { Snapshot } from "./snapshot.ts";
