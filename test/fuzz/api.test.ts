/**
 * Fuzzing every route of the server with generated bad bodies, headers, path segments and query
 * strings, signed in as each kind of user and as nobody. The routes are read from the app's own
 * OpenAPI document, so a route added later is fuzzed without anyone listing it here.
 *
 * For every request: no 5xx; no stack trace and no server path in the body; an error is JSON
 * with a machine code and a message; and a refused request (4xx) leaves every stored record,
 * revision, unique value, import key and extract log entry as it was. Accepted writes (the
 * generator also makes near-valid ones) move the baseline on.
 *
 * Reproducible: the seed is fixed unless SCRT_FUZZ_SEED says otherwise, and a failure prints it
 * with the request that failed. SCRT_FUZZ_RUNS sets the requests per user (default 600, 4,800
 * in all); SCRT_FUZZ_LOG=1 prints every request's route and answer, to see where they go.
 */
import Database from "better-sqlite3";
import fc from "fast-check";
import pg from "pg";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { homedir, tmpdir } from "node:os";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../api/index.ts";
import { PROJECT_ROOT } from "../../engine/index.ts";
import { configFor } from "../../ops/index.ts";
import { buildApp, RENDERER_DIST } from "../../server/index.ts";
import { buildLegacyCsv } from "../fixtures/legacy-csv.ts";
import { startTracker, TEST_RATE_LIMITS, validCase, type Tracker } from "../server/harness.ts";

const SEED = Number(process.env.SCRT_FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.SCRT_FUZZ_RUNS ?? 600);
const TODAY = "2026-11-21";

/** Everyone the server tells apart: each role, a closed organisation's editor, and nobody. */
const CLIENTS = ["anonymous", "icb.lsc", "icb.lsc.viewer", "icb.nel", "icb.ncl", "region.nw", "national", "standards"] as const;
type ClientName = (typeof CLIENTS)[number];

interface Route {
  method: string;
  /** OpenAPI form: /api/collections/{collection}/records/{id} */
  path: string;
  query: { name: string; values: string[] }[];
}

interface Session {
  cookie: string;
  csrfToken: string;
}

let tracker: Tracker;
let app: FastifyInstance;
let db: Reader;
let routes: Route[];
const sessions = new Map<ClientName, Session>();
/** Words a response must never hold: where the server keeps its code and data. */
let serverPaths: string[];
const figures = { requests: 0, byStatus: new Map<number, number>(), started: 0 };

// ---------------------------------------------------------------------------------------------
// The store, as a refused request must leave it.
// ---------------------------------------------------------------------------------------------

/** The tracker's database read straight, outside the store (one connection for the whole file: a snapshot is taken twice a request). */
interface Reader {
  rows<Row>(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

async function openReader(tracker: Tracker): Promise<Reader> {
  if (tracker.databaseUrl) {
    const client = new pg.Client({ connectionString: tracker.databaseUrl });
    // Dropping the database at the end ends this connection: not a fault.
    client.on("error", () => undefined);
    await client.connect();
    return { rows: async <Row>(sql: string) => (await client.query(sql)).rows as Row[], close: () => client.end() };
  }
  const sqlite = new Database(configFor(tracker.dataDir).databaseFile, { readonly: true });
  return { rows: async <Row>(sql: string) => sqlite.prepare(sql).all() as Row[], close: async () => void sqlite.close() };
}

async function snapshot(): Promise<string> {
  const records = await db.rows("SELECT id, version, revision, owner_org, data, complete, review_flags, owner_pending, updated_at FROM records ORDER BY id");
  const counts = await db.rows(
    "SELECT (SELECT count(*) FROM revisions) AS revisions, (SELECT count(*) FROM record_unique_values) AS uniques, (SELECT count(*) FROM import_keys) AS imports, (SELECT count(*) FROM extract_log) AS extracts",
  );
  return JSON.stringify({ records, counts });
}

interface StoredRow {
  id: string;
  collection: string;
  ownerOrg: string;
  revision: number;
  data: Record<string, unknown>;
}

async function storedRecords(): Promise<StoredRow[]> {
  // SQLite hands JSON back as text, PostgreSQL's jsonb as an object.
  const rows = await db.rows<Omit<StoredRow, "data"> & { data: string | Record<string, unknown> }>('SELECT id, collection, owner_org AS "ownerOrg", revision, data FROM records ORDER BY id');
  return rows.map((r) => ({ ...r, data: typeof r.data === "string" ? (JSON.parse(r.data) as Record<string, unknown>) : r.data }));
}

// ---------------------------------------------------------------------------------------------
// What a request is made of, generated; resolved against the store when it is sent.
// ---------------------------------------------------------------------------------------------

type Segment = { kind: "valid"; pick: number } | { kind: "record"; pick: number } | { kind: "raw"; text: string };
type BodySpec =
  | { kind: "none" }
  | { kind: "raw"; text: string }
  | { kind: "json"; value: unknown }
  | { kind: "record"; base: "current" | "valid" | "empty"; wrap: "data" | "bare" | "validate"; changes: [string, unknown][]; drop: number[] }
  | { kind: "owner"; value: unknown }
  | { kind: "login"; value: unknown }
  | { kind: "csv"; text: string };

interface RequestSpec {
  route: number;
  method: string | undefined;
  segments: { collection: Segment; version: Segment; id: Segment };
  query: [string, string][];
  contentType: string | undefined;
  ifMatch: "current" | "next" | "none" | string;
  csrf: "valid" | "missing" | "wrong";
  cookie: "own" | "none" | "forged" | "tampered";
  headers: [string, string][];
  body: BodySpec;
}

/** A path segment or query value as raw bytes, percent-encoded, including invalid UTF-8. */
const rawBytes = fc.uint8Array({ maxLength: 24 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, "0")}`).join(""));

/** Text with the characters that break things mixed in. */
const NASTY = ["\u0000", "\u0007", "\u001b[2J", "\u007f", "\u0085", "\r", "\r\n", "\n", "\t", "\u202e", "\u2066", "\u2069", "\ud800", "\udfff", "\ud83d", "\uFEFF", "\u200b", "\u2011", "\u00a0", " ", "", "é", "e\u0301", "😀", "'", '"', "\\", "%", "_", "*", "<script>alert(1)</script>", "' OR 1=1 --", "{{7*7}}", "${x}", "NEAR(", '"unbalanced', "AND OR NOT", "^", "-", "..", "%00", "%2e%2e"];
const nastyText = fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 8 }), fc.constantFrom(...NASTY)), { maxLength: 6 }).map((parts) => parts.join(""));
const LONG = "x".repeat(5000);
const HUGE = `{"data": {"brief_overview": "${"a".repeat(1_100_000)}"}}`;
const DATES = ["2026-11-21", "2024-02-29", "2023-02-29", "0000-01-01", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01", "9999-12-31", "2026-13-01", "21/11/2026", "2026-11-21T00:00:00Z", " 2026-11-21", "today", ""];
const QUARTERS = ["2026-27-Q2", "2025-26-Q4", "2026-27-Q5", "2026-27-Q0", "1900-01-Q1", "2026-Q2", "Q2", ""];

function segmentText(segment: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: nastyText.map((t) => encodeLoosely(t)) },
    { weight: 2, arbitrary: rawBytes },
    { weight: 1, arbitrary: fc.constantFrom("..", ".", "%2e%2e", "%2F", "%00", "__proto__", "constructor", "00000000-0000-4000-8000-000000000000", `${segment}%00`, LONG, "s-crt%20", "S-CRT", "2.0.0", "-1", "0") },
  );
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes through as %ED bytes. */
function encodeLoosely(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((c) => (/[\ud800-\udfff]/.test(c) ? "%ED%A0%80" : encodeURIComponent(c))).join("");
  }
}

function answerValue(codes: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: nastyText },
    { weight: 3, arbitrary: fc.constantFrom(...DATES) },
    { weight: 3, arbitrary: fc.constantFrom(...codes) },
    { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...codes), nastyText), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(LONG), fc.constant([]), fc.constant({})) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.dictionary(fc.oneof(fc.constantFrom("action", "due_date", "owner"), fc.string({ maxLength: 5 })), fc.oneof(nastyText, fc.constantFrom(...DATES)), { maxKeys: 3 }), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 30, max: 60 }).map((depth) => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`) as unknown) },
  );
}

function rawJson(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "",
      "{",
      '{"data": {',
      '{"data": {},}',
      "[]",
      "null",
      "42",
      '"data"',
      '{"data": null}',
      '{"data": {"brief_overview": "a\\ud800b"}}',
      '{"data": {"brief_overview": "\\udfff"}}',
      '{"data": {"steis_or_local_id": "X\\u0000Y"}}',
      '{"data": {"status": "open", "status": "closed"}}',
      '{"__proto__": {"admin": true}, "data": {}}',
      '{"data": {"__proto__": {"x": 1}}}',
      '{"constructor": {"prototype": {"x": 1}}, "data": {}}',
      '{"data": {"incident_date": 1e999}}',
      '{"data": -0}',
      '{"ownerOrg": 7}',
      '{"username": ["national"]}',
      '\uFEFF{"data": {}}',
      "{'data': {}}",
      `{"data": ${"[".repeat(5000)}${"]".repeat(5000)}}`,
      HUGE,
    ),
    fc.string({ maxLength: 40 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"),
  );
}

function csvText(): fc.Arbitrary<string> {
  const line = fc.array(fc.oneof(nastyText, fc.constantFrom(...DATES), fc.constantFrom('"', '""', '"a,b"', "QE1", "02Q", "open", "sar")), { maxLength: 6 }).map((cells) => cells.join(","));
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(line, { maxLength: 5 }).map((lines) => lines.join("\r\n")) },
    { weight: 1, arbitrary: fc.constant(buildLegacyCsv(3, 7).text) },
    { weight: 1, arbitrary: fc.tuple(fc.constant(buildLegacyCsv(2, 11).text), nastyText).map(([csv, junk]) => `${csv}${junk}`) },
  );
}

function requestSpec(routes: Route[], itemKeys: string[], codes: string[]): fc.Arbitrary<RequestSpec> {
  const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...itemKeys) }, { weight: 1, arbitrary: fc.oneof(nastyText, fc.constantFrom("__proto__", "constructor", "", "hasOwnProperty", LONG, "a/b~c")) });
  const segment = (name: string): fc.Arbitrary<Segment> =>
    fc.oneof(
      { weight: 16, arbitrary: fc.nat().map((pick): Segment => ({ kind: name === "id" ? "record" : "valid", pick })) },
      { weight: 1, arbitrary: segmentText(name).map((text): Segment => ({ kind: "raw", text })) },
    );
  const body: fc.Arbitrary<BodySpec> = fc.oneof(
    { weight: 1, arbitrary: fc.constant<BodySpec>({ kind: "none" }) },
    { weight: 2, arbitrary: rawJson().map((text): BodySpec => ({ kind: "raw", text })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value): BodySpec => ({ kind: "json", value })) },
    {
      weight: 12,
      arbitrary: fc.record({
        base: fc.constantFrom("current" as const, "current" as const, "valid" as const, "valid" as const, "empty" as const),
        wrap: fc.oneof({ weight: 6, arbitrary: fc.constant("data" as const) }, { weight: 1, arbitrary: fc.constantFrom("validate" as const, "bare" as const) }),
        // Unchanged now and then: a valid write is accepted, and moves the baseline on.
        changes: fc.oneof({ weight: 1, arbitrary: fc.constant<[string, unknown][]>([]) }, { weight: 2, arbitrary: fc.array(fc.tuple(key, answerValue(codes)), { minLength: 1, maxLength: 3 }) }),
        drop: fc.oneof({ weight: 2, arbitrary: fc.constant<number[]>([]) }, { weight: 1, arbitrary: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }) }),
      }).map((r): BodySpec => ({ kind: "record", ...r })),
    },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom("QE1", "qmf", "Z9B2Z", "QMF", ""), nastyText, fc.jsonValue({ maxDepth: 2 })).map((value): BodySpec => ({ kind: "owner", value })) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...CLIENTS.filter((c) => c !== "anonymous"), "nobody", ""), nastyText, fc.jsonValue({ maxDepth: 2 })).map((value): BodySpec => ({ kind: "login", value })) },
    { weight: 1, arbitrary: csvText().map((text): BodySpec => ({ kind: "csv", text })) },
  );
  const header = fc.tuple(
    fc.constantFrom("content-encoding", "accept", "accept-language", "x-forwarded-for", "origin", "range", "if-none-match", "x-http-method-override", "transfer-encoding", "expect", "x-requested-with", "authorization", "prefer"),
    fc.oneof(fc.constantFrom("gzip", "br", "deflate", "identity", "chunked", "100-continue", "*/*", "text/html", "application/json", "bytes=0-10", "Bearer x", "DELETE", "PUT", '"1"', "en-GB"), fc.string({ unit: "binary-ascii", maxLength: 20 }).map(printable)),
  );
  return fc.record({
    // Routes that take a body are where bad input does harm, record data most: they are chosen more often.
    route: fc.oneof(...routes.map((r, i) => ({ weight: r.method === "GET" ? 1 : /\/(records|validate)/.test(r.path) ? 8 : 3, arbitrary: fc.constant(i) }))),
    method: fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS") }),
    segments: fc.record({ collection: segment("collection"), version: segment("version"), id: segment("id") }),
    query: fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom("page", "pageSize", "q", "sort", "dir", "owner", "complete", "flagged", "quarter", "asAt", "format", "region", "version", "validOnly", "dryRun", "status", "review_type", "themes"), fc.oneof(fc.constantFrom("1", "0", "-1", "500", "501", "1e3", "0x10", "asc", "desc", "yes", "no", "true", "false", "csv", "xlsx", "QE1", "Y62", "2.0", "1.0", "open", "dhr", "domestic", "updatedAt", ...QUARTERS, ...DATES), nastyText.map(encodeLoosely), rawBytes)),
        fc.tuple(nastyText.map(encodeLoosely), nastyText.map(encodeLoosely)),
      ),
      { maxLength: 4 },
    ),
    contentType: fc.oneof(
      { weight: 40, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/csv", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/vnd.api+json", "*/*", "", "text/csv; charset=latin1", "application/octet-stream") },
      { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 30 }).map(printable) },
    ),
    ifMatch: fc.oneof({ weight: 5, arbitrary: fc.constantFrom("current", "current", "next", "none") }, { weight: 2, arbitrary: fc.constantFrom('"1"', 'W/"1"', "*", '"0"', '"-1"', '"99999999999999999999"', '"1", "2"', "1", "", '"abc"', '""') }),
    csrf: fc.oneof({ weight: 14, arbitrary: fc.constant("valid" as const) }, { weight: 1, arbitrary: fc.constantFrom("missing" as const, "wrong" as const) }),
    cookie: fc.oneof({ weight: 14, arbitrary: fc.constant("own" as const) }, { weight: 1, arbitrary: fc.constantFrom("none" as const, "forged" as const, "tampered" as const) }),
    headers: fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: fc.array(header, { minLength: 1, maxLength: 2 }) }),
    body,
  });
}

/** Header values as light-my-request accepts them: printable ASCII. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "");
}

// ---------------------------------------------------------------------------------------------
// Sending a request.
// ---------------------------------------------------------------------------------------------

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
}

/** The organisation of each ICB user: their own records are the ones they can change. */
const ORGANISATION: Partial<Record<ClientName, string>> = { "icb.lsc": "QE1", "icb.lsc.viewer": "QE1", "icb.nel": "QMF", "icb.ncl": "QMJ" };

const VALID_SEGMENTS: Record<string, string[]> = { collection: ["s-crt", "s-crt", "s-crt", "action-plan", "nope"], version: ["2.0", "1.0", "1.0", "9.9"] };

async function resolve(spec: RequestSpec, client: ClientName): Promise<Sent> {
  const route = routes[spec.route]!;
  const all = await storedRecords();
  // Mostly a record the user can see, so that requests get past "No such record" to the checks behind it.
  const own = all.filter((r) => r.ownerOrg === ORGANISATION[client]);
  const recordOf = (pick: number) => {
    const records = own.length && pick % 4 !== 0 ? own : all;
    return records.length ? records[Math.floor(pick / 4) % records.length] : undefined;
  };
  const idSegment = spec.segments.id;
  const record = idSegment.kind === "record" ? recordOf(idSegment.pick) : undefined;
  const segmentValue = (name: string): string => {
    const segment = spec.segments[name as keyof RequestSpec["segments"]];
    if (!segment) return "x";
    if (segment.kind === "raw") return segment.text;
    if (segment.kind === "record") return record?.id ?? "00000000-0000-4000-8000-000000000000";
    // A record's own collection, most of the time, so that its routes are reached.
    if (name === "collection" && record && segment.pick % 3 !== 0) return record.collection;
    const values = VALID_SEGMENTS[name] ?? ["x"];
    return values[segment.pick % values.length]!;
  };
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => segmentValue(name));
  const query = spec.query.map(([k, v]) => `${k}=${v}`).join("&");
  const url = query ? `${path}?${query}` : path;

  const headers: Record<string, string> = {};
  for (const [name, value] of spec.headers) headers[name] = value;
  const session = sessions.get(client);
  if (session) {
    if (spec.cookie === "own") headers.cookie = session.cookie;
    else if (spec.cookie === "tampered") headers.cookie = `${session.cookie.slice(0, -3)}abc`;
    if (spec.csrf === "valid") headers["x-csrf-token"] = session.csrfToken;
    else if (spec.csrf === "wrong") headers["x-csrf-token"] = "not-the-token";
  }
  if (spec.cookie === "forged") headers.cookie = "scrt_session=forged.value";
  if (spec.ifMatch === "current") headers["if-match"] = `"${record?.revision ?? 1}"`;
  else if (spec.ifMatch === "next") headers["if-match"] = `"${(record?.revision ?? 1) + 1}"`;
  else if (spec.ifMatch !== "none") headers["if-match"] = spec.ifMatch;

  let payload: string | undefined;
  let contentType = "application/json";
  const body = spec.body;
  switch (body.kind) {
    case "none":
      break;
    case "raw":
      payload = body.text;
      break;
    case "json":
      payload = JSON.stringify(body.value) ?? "null";
      break;
    case "record": {
      const base = body.base === "current" && record ? { ...record.data } : body.base === "valid" ? validCase(`FUZZ-${figures.requests}`) : {};
      const keys = Object.keys(base);
      for (const i of body.drop) if (keys.length) delete base[keys[i % keys.length]!];
      for (const [key, value] of body.changes) base[key] = value;
      payload = body.wrap === "bare" ? JSON.stringify(base) : body.wrap === "validate" ? JSON.stringify({ version: VALID_SEGMENTS.version![body.drop.length % 3], data: base }) : JSON.stringify({ data: base });
      break;
    }
    case "owner":
      payload = JSON.stringify({ ownerOrg: body.value });
      break;
    case "login":
      payload = JSON.stringify({ username: body.value });
      break;
    case "csv":
      payload = body.text;
      contentType = "text/csv";
      break;
  }
  if (payload !== undefined) headers["content-type"] = spec.contentType ?? contentType;
  else if (spec.contentType !== undefined) headers["content-type"] = spec.contentType;
  return { method: spec.method ?? route.method, url, headers, payload };
}

function bodyText(res: LightMyRequestResponse): string {
  const encoding = String(res.headers["content-encoding"] ?? "");
  const raw = res.rawPayload;
  try {
    if (encoding === "gzip") return gunzipSync(raw).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(raw).toString("utf8");
    if (encoding === "deflate") return inflateSync(raw).toString("utf8");
  } catch (e) {
    throw new Error(`the ${encoding} body does not decompress: ${String(e)}`);
  }
  return raw.toString("utf8");
}

const STACK_LINE = /^\s*at .+(:\d+:\d+\)?|\(native\))$/m;

/** Everything the fuzz asserts of one response. Returns a description of what is wrong, or nothing. */
function problemWith(sent: Sent, res: LightMyRequestResponse, before: string, after: string): string | undefined {
  if (res.statusCode >= 500) return `status ${res.statusCode}`;
  const text = bodyText(res);
  if (STACK_LINE.test(text)) return "a stack trace in the body";
  for (const path of serverPaths) if (text.includes(path) && !sent.url.includes(path) && !(sent.payload ?? "").includes(path)) return `a server path (${path}) in the body`;
  if (/node_modules/.test(text)) return "node_modules in the body";
  if (res.statusCode >= 400) {
    if (before !== after) return "a refused request changed the store";
    if (sent.method !== "HEAD") {
      if (!/^application\/json/.test(String(res.headers["content-type"]))) return `an error that is not JSON (${String(res.headers["content-type"])})`;
      const error = JSON.parse(text) as { code?: string; message?: unknown; statusCode?: number };
      if (!error.code || !(error.code in ERROR_CODES)) return `an error without a known code (${String(error.code)})`;
      if (typeof error.message !== "string" || error.message.trim().length < 5) return "an error without a message";
      if (error.statusCode !== res.statusCode) return "an error whose statusCode is not the response's";
    }
  }
  return undefined;
}

async function signIn(client: ClientName): Promise<void> {
  if (client === "anonymous") return;
  const res = await app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: client } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${client} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "scrt_session");
  sessions.set(client, { cookie: `scrt_session=${cookie!.value}`, csrfToken: (res.json() as { csrfToken: string }).csrfToken });
}

async function send(spec: RequestSpec, client: ClientName): Promise<void> {
  const sent = await resolve(spec, client);
  const before = await snapshot();
  const res = await app.inject({ method: sent.method as "GET", url: sent.url, headers: sent.headers, ...(sent.payload === undefined ? {} : { payload: sent.payload }) });
  const after = await snapshot();
  figures.requests++;
  figures.byStatus.set(res.statusCode, (figures.byStatus.get(res.statusCode) ?? 0) + 1);
  if (process.env.SCRT_FUZZ_LOG) process.stdout.write(`fuzz request: ${client} ${sent.method} ${routes[spec.route]!.path} ${res.statusCode} ${spec.body.kind} ${sent.headers["content-type"]} ${JSON.stringify(spec.headers)} ${bodyText(res).slice(0, 150)}\n`);
  const problem = problemWith(sent, res, before, after);
  if (problem) {
    const shown = { ...sent, payload: sent.payload && sent.payload.length > 2000 ? `${sent.payload.slice(0, 2000)}… (${sent.payload.length} characters)` : sent.payload };
    throw new Error(`${problem}\nas ${client}: ${JSON.stringify(shown)}\n→ ${res.statusCode} ${bodyText(res).slice(0, 2000)}`);
  }
  // A request that signed in as someone else, or out, ended this client's session: start another.
  if (res.statusCode < 400 && /^\/auth\/(logout|dev-login)/.test(sent.url)) await signIn(client);
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  tracker = await startTracker({ today: TODAY, demoCases: true });
  // The limits are the harness's: this suite signs in again after every sign-out it generates.
  app = await buildApp(tracker.context, { webDist: RENDERER_DIST, rateLimits: TEST_RATE_LIMITS });
  await app.ready();
  // The dashboard reads every record once before its first answer (503 until then): not a fault.
  for (const collection of tracker.context.registry.collections()) await tracker.context.dashboards.of(collection)?.catchUp();
  db = await openReader(tracker);

  const doc = app.swagger() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: { enum?: unknown[] } }[] }>> };
  routes = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      query: (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => ({ name: p.name, values: (p.schema?.enum ?? []).map(String) })),
    })),
  );
  // Routes the document does not describe: its own, the API docs' pages, and paths nobody serves.
  routes.push({ method: "GET", path: "/docs/json", query: [] }, { method: "GET", path: "/docs", query: [] }, { method: "GET", path: "/docs/static/index.html", query: [] });
  routes.push({ method: "GET", path: "/{collection}/{id}", query: [] }, { method: "POST", path: "/api/{collection}", query: [] }, { method: "GET", path: "/assets/{id}", query: [] });

  serverPaths = [...new Set([PROJECT_ROOT, tracker.dataDir, tmpdir(), homedir(), process.cwd(), "/work/", "/home/"])].filter((p) => p.length > 1);
  // The national user administers accounts too, so the user-administration routes are fuzzed past their 403.
  const national = (await tracker.context.store.getUserByUsername("national"))!;
  await tracker.context.store.updateUser(national.id, { userAdmin: true });
  for (const client of CLIENTS) await signIn(client);
  figures.started = performance.now();
});

afterAll(async () => {
  const seconds = (performance.now() - figures.started) / 1000;
  const statuses = [...figures.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(", ");
  process.stdout.write(`fuzz: ${figures.requests} requests in ${seconds.toFixed(1)} s over ${routes?.length ?? 0} routes (seed ${SEED}); ${statuses}\n`);
  await db?.close();
  await app?.close();
  await tracker?.destroy();
});

describe("every route, fuzzed", () => {
  it("covers every route of the OpenAPI document, the record routes among them", () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining(["POST /api/collections/{collection}/records", "PUT /api/collections/{collection}/records/{id}", "POST /api/collections/{collection}/validate", "POST /api/collections/{collection}/import", "POST /auth/dev-login"]));
    expect(routes.length).toBeGreaterThan(25);
  });

  it.each(CLIENTS.map((client, i) => [client, i] as const))("as %s: no 5xx, no stack or server path, errors as JSON, and a refused request changes nothing", async (client, i) => {
    const registry = tracker.context.registry;
    const forms = registry.collections().flatMap((c) => registry.versions(c).map((v) => v.form));
    const itemKeys = [...new Set(forms.flatMap((f) => f.items.flatMap((item) => [item.key, ...(item.items ?? []).map((sub) => sub.key)])))];
    const codes = [...new Set(forms.flatMap((f) => Object.values(f.choiceLists).flatMap((l) => l.choices.map((c) => c.code))))];
    const seed = SEED + i;
    try {
      await fc.assert(
        fc.asyncProperty(requestSpec(routes, itemKeys, codes), async (spec) => {
          await send(spec, client);
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : "";
      throw new Error(`Fuzzing as ${client} failed (reproduce with SCRT_FUZZ_SEED=${SEED}, this user's seed ${seed}):${cause}\n${error instanceof Error ? error.message : String(error)}`);
    }
  }, 120_000);

  it("made accepted writes as well as refused ones, so the store check was exercised both ways", () => {
    const accepted = [...figures.byStatus].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    const refused = [...figures.byStatus].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(refused).toBeGreaterThan(RUNS);
    expect(figures.byStatus.get(201) ?? 0, "some generated cases were created").toBeGreaterThan(0);
  });
});
