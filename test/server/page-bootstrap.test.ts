/**
 * The app's page carries its first screen's data (server/plugins/web.ts): who is signed in and
 * the collections, as inert JSON, and on the add and edit pages hints to fetch the editor's
 * code, form and validator at once. Only the caller's own facts; nothing that could run.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { startTracker, TEST_RATE_LIMITS, type Tracker } from "./harness.ts";

let tracker: Tracker;
let app: FastifyInstance;
beforeAll(async () => {
  tracker = await startTracker();
  app = await buildApp(tracker.context, { webDist: RENDERER_DIST, rateLimits: TEST_RATE_LIMITS, service: { serviceDeskEmail: "desk@example.nhs.uk", feedbackUrl: "https://feedback.example.nhs.uk/scrt" } });
});
afterAll(async () => {
  await app.close();
  await tracker.destroy();
});

async function signIn(username: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "scrt_session")!;
  return `scrt_session=${cookie.value}`;
}

const BOOTSTRAP = /<script type="application\/json" id="scrt-bootstrap">([^<]*)<\/script>/;

function bootstrapOf(html: string): { session: { user: { username: string; displayName: string }; csrfToken: string; permissions: Record<string, unknown> } | null; collections: { id: string }[] | null; service: unknown } {
  const match = BOOTSTRAP.exec(html);
  expect(match, "the page has its bootstrap").not.toBeNull();
  return JSON.parse(match![1]!);
}

describe("the page's bootstrap", () => {
  it("names nobody, and no collections, when nobody is signed in; the service's contacts are there for the footer's pages", async () => {
    for (const url of ["/", "/sign-in", "/accessibility", "/c/s-crt/new"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      const boot = bootstrapOf(res.body);
      expect(boot.session, url).toBeNull();
      expect(boot.collections, url).toBeNull();
      expect(boot.service).toEqual({ serviceDeskEmail: "desk@example.nhs.uk", feedbackUrl: "https://feedback.example.nhs.uk/scrt" });
      // Nothing to prefetch for someone who will be sent to sign in.
      expect(res.body, url).not.toContain('rel="preload"');
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("holds the signed-in user's own session (as /auth/me answers it) and the collections, and is never stored", async () => {
    const cookie = await signIn("icb.lsc");
    const res = await app.inject({ method: "GET", url: "/c/s-crt", headers: { cookie } });
    const boot = bootstrapOf(res.body);
    const me = await app.inject({ method: "GET", url: "/auth/me", headers: { cookie } });
    expect(boot.session).toEqual(me.json());
    expect(boot.session!.user.username).toBe("icb.lsc");
    const collections = await app.inject({ method: "GET", url: "/api/collections", headers: { cookie } });
    expect(boot.collections).toEqual(collections.json().items);
    expect(res.headers["cache-control"]).toBe("no-store");
    // Another user's page holds theirs, not the first user's.
    const other = bootstrapOf((await app.inject({ method: "GET", url: "/c/s-crt", headers: { cookie: await signIn("icb.nel") } })).body);
    expect(other.session!.user.username).toBe("icb.nel");
    expect(other.session!.csrfToken).not.toBe(boot.session!.csrfToken);
    expect(JSON.stringify(other)).not.toContain("icb.lsc");
  });

  it("escapes < (and >, &) so that no value can close the script element", async () => {
    await tracker.context.store.createUser({ username: "mallory", displayName: "</script><script>alert(1)</script><!--", role: "icb_viewer", orgCode: "QE1" });
    const res = await app.inject({ method: "GET", url: "/c/s-crt", headers: { cookie: await signIn("mallory") } });
    const element = BOOTSTRAP.exec(res.body)![1]!;
    expect(element).not.toMatch(/[<>]/);
    expect(element).toContain("\\u003c/script\\u003e");
    expect(bootstrapOf(res.body).session!.user.displayName).toBe("</script><script>alert(1)</script><!--");
    // The page's only scripts: the app's own file, and the inert JSON.
    expect(res.body.match(/<script\b[^>]*>/g)).toEqual([expect.stringMatching(/^<script type="module" crossorigin src="\/assets\/index-[^"]+\.js">$/), '<script type="application/json" id="scrt-bootstrap">']);
  });

  it("on the add page, hints the editor's code, the current compiled form and its validator, at the addresses the renderer asks for", async () => {
    const cookie = await signIn("icb.lsc");
    const res = await app.inject({ method: "GET", url: "/c/s-crt/new", headers: { cookie } });
    const current = tracker.context.registry.published("s-crt")!.form.version;
    expect(res.body).toMatch(/<link rel="modulepreload" href="\/assets\/CaseEditor-[^"]+\.js">/);
    expect(res.body).toContain(`<link rel="preload" as="fetch" crossorigin href="/api/collections/s-crt/versions/${current}">`);
    expect(res.body).toContain(`<link rel="modulepreload" href="/api/collections/s-crt/versions/${current}/validator.js">`);
    // Only the editor's pages: the list needs none of that.
    const list = await app.inject({ method: "GET", url: "/c/s-crt", headers: { cookie } });
    expect(list.body).not.toContain("CaseEditor-");
    // An unknown collection: the editor's code, but no form to fetch.
    const unknown = await app.inject({ method: "GET", url: "/c/nothing/new", headers: { cookie } });
    expect(unknown.body).not.toContain('rel="preload"');
  });
});

describe("caching the compiled forms", () => {
  it("gives a published version's form and validator an ETag, answers 304 to it, and keeps drafts out of every cache", async () => {
    const cookie = await signIn("icb.lsc");
    const current = tracker.context.registry.published("s-crt")!.form.version;
    for (const url of [`/api/collections/s-crt/versions/${current}`, `/api/collections/s-crt/versions/${current}/validator.js`]) {
      const first = await app.inject({ method: "GET", url, headers: { cookie } });
      expect(first.statusCode, url).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^"[\w-]+"$/);
      expect(first.headers["cache-control"], url).toBe("private, no-cache");
      const again = await app.inject({ method: "GET", url, headers: { cookie, "if-none-match": etag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe("");
      // Still only for someone signed in.
      expect((await app.inject({ method: "GET", url, headers: { "if-none-match": etag } })).statusCode).toBe(401);
    }
    const draft = tracker.context.registry.versions("s-crt").find((v) => v.form.status === "draft");
    if (draft) {
      const res = await app.inject({ method: "GET", url: `/api/collections/s-crt/versions/${draft.form.version}`, headers: { cookie } });
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers.etag).toBeUndefined();
    }
    // Every other API answer is still no-store.
    expect((await app.inject({ method: "GET", url: "/api/collections", headers: { cookie } })).headers["cache-control"]).toBe("no-store");
  });
});
