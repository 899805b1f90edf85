/**
 * Serves the built renderer (renderer/dist) with @fastify/static; its strict
 * Content-Security-Policy is security-headers.ts's, on every response. Unknown page paths get
 * the app's page (client-side routes; see errors.ts, which owns the not-found handler).
 *
 * The page carries what its first screen needs, so the browser does not ask for it one
 * request after another: who is signed in and the collections, as JSON data (not code, so the
 * CSP still forbids every inline script), and, on the add and edit pages, hints to fetch the
 * editor's code, the compiled form and its validator at once (see renderer/src/bootstrap.ts).
 */
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServiceContacts } from "../../ops/index.ts";
import type { ServerContext } from "../context.ts";
import { sessionBody } from "./auth.ts";
import { collectionsBody } from "./collections.ts";

export interface WebOptions {
  distDir: string;
  servePage: PageServer;
}

/** Answers a GET of a page path with the app's page. */
export type PageServer = (reply: FastifyReply) => FastifyReply;

/** The element the renderer reads the bootstrap from. */
export const BOOTSTRAP_ID = "scrt-bootstrap";

/** The source file of the editor's chunk, as Vite's manifest names it. */
const EDITOR_SOURCE = "src/pages/CaseEditor.tsx";

/** The add page (/c/:collection/new) and the edit page (/c/:collection/:id/edit). */
const EDITOR_PATH = /^\/c\/([^/]+)\/(?:new|[^/]+\/edit)$/;

export function hasBuiltApp(distDir: string): boolean {
  return existsSync(join(distDir, "index.html"));
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

/** The editor's chunk and the chunks it imports (except the entry, which the page loads anyway), from Vite's manifest. */
function editorChunks(distDir: string): string[] {
  const path = join(distDir, ".vite", "manifest.json");
  if (!existsSync(path)) return [];
  const manifest = JSON.parse(readFileSync(path, "utf8")) as Record<string, ManifestChunk>;
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key) || chunk.isEntry) return;
    seen.add(key);
    files.push(`/${chunk.file}`);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(EDITOR_SOURCE);
  return files;
}

/** JSON that is safe inside a <script> element: nothing in it can close the element or start a comment. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function attribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** Builds the page server for a built renderer: reads the page and the manifest once. */
export function createPageServer(distDir: string, context: ServerContext, service: ServiceContacts, withBootstrap = true): PageServer {
  const template = readFileSync(join(distDir, "index.html"), "utf8");
  const editorCode = editorChunks(distDir);
  return (reply) => {
    if (!withBootstrap) return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(template);
    const request = reply.request;
    const path = request.url.split("?")[0]!;
    const user = request.user;
    const session = user && request.session ? sessionBody(user, request.session, context) : null;
    const collections = session ? collectionsBody(context.registry).items : null;
    const hints: string[] = [];
    const editing = session ? EDITOR_PATH.exec(path) : null;
    if (editing) {
      for (const file of editorCode) hints.push(`<link rel="modulepreload" href="${attribute(file)}">`);
      let collection: string | undefined;
      try {
        collection = decodeURIComponent(editing[1]!);
      } catch {
        collection = undefined;
      }
      const current = collection === undefined ? undefined : context.registry.published(collection);
      if (current) {
        // The same addresses the renderer asks for (api.ts form, form/load-validator.ts validatorUrl), so the browser uses these answers.
        const base = `/api/collections/${encodeURIComponent(current.form.collection.id)}/versions/${encodeURIComponent(current.form.version)}`;
        hints.push(`<link rel="preload" as="fetch" crossorigin href="${attribute(base)}">`);
        hints.push(`<link rel="modulepreload" href="${attribute(`${base}/validator.js`)}">`);
      }
    }
    const bootstrap = `<script type="application/json" id="${BOOTSTRAP_ID}">${scriptSafeJson({ session, collections, service })}</script>`;
    const html = template.replace("</head>", `${hints.map((h) => `    ${h}\n`).join("")}    ${bootstrap}\n  </head>`);
    // A signed-in page holds the user's CSRF token and permissions: never kept by anyone.
    return reply
      .type("text/html; charset=utf-8")
      .header("cache-control", session ? "no-store" : "no-cache")
      .send(html);
  };
}

export async function webPlugin(app: FastifyInstance, { distDir, servePage }: WebOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: "/",
    index: false,
    wildcard: false,
    cacheControl: false,
    // The standards team's preview page belongs to `scrt forms preview`, not to the tracker.
    allowedPath: (path) => path !== "/preview.html",
    // Hashed asset names never change content; the page itself is always revalidated.
    setHeaders(res, path) {
      res.setHeader("cache-control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  app.get("/", (_request, reply) => servePage(reply));
}
