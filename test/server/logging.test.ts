/**
 * The server's JSON log: every line of a request names the request (an id the server made,
 * also sent back as x-request-id) and, once someone is signed in, who (id and role only); no
 * line holds case contents, search words, cookies, CSRF tokens or names.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { RECORDS, startTracker, validCase, type Client, type Tracker } from "./harness.ts";

interface LogLine {
  reqId?: string;
  userId?: string;
  role?: string;
  msg?: string;
  req?: { url?: string; method?: string };
  [key: string]: unknown;
}

const lines: string[] = [];
let tracker: Tracker;
let lsc: Client;
let lscId: string;
beforeAll(async () => {
  tracker = await startTracker({ logger: { destination: { write: (line: string) => void lines.push(line) } } });
  await tracker.context.learningIndex.done;
  lsc = await tracker.signIn("icb.lsc");
  lscId = (await tracker.context.store.getUserByUsername("icb.lsc"))!.id;
});
afterAll(() => tracker?.destroy());

const CASE_TEXT = "Pelican-crossing witness statement 48213";
const SEARCH_WORD = "marmalade7731";

it("names each request and its signed-in user on every line, and leaves out contents, searches and secrets", async () => {
  // Start-up lines (the learning library's rebuild) are not a request's.
  await new Promise((resolve) => setImmediate(resolve));
  lines.length = 0;

  const signedIn: LightMyRequestResponse[] = [];
  const created = await lsc.post(RECORDS, { data: validCase("LOG-1", { brief_overview: CASE_TEXT, lessons_learned: `${SEARCH_WORD} in the lessons` }) });
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as { id: string }).id;
  signedIn.push(
    created,
    await lsc.get(`${RECORDS}?q=${SEARCH_WORD}&pageSize=10`),
    await lsc.get(`/api/collections/s-crt/learning?q=${encodeURIComponent(`"${SEARCH_WORD} in"`)}`),
    await lsc.get(`${RECORDS}/${id}`),
    await lsc.put(`${RECORDS}/${id}`, { data: validCase("LOG-1", { brief_overview: CASE_TEXT, date_added: SEARCH_WORD }) }, { "if-match": '"1"' }),
    // A request id sent by the client is not taken: ids are the server's.
    await lsc.get("/api/nothing", { "x-request-id": "client-chosen-id" }),
  );
  // Refused by the CSRF check, before any route.
  const forged = await lsc.post(RECORDS, { data: validCase("LOG-2", { brief_overview: CASE_TEXT }) }, { "x-csrf-token": `${lsc.csrfToken}x` });
  expect(forged.statusCode).toBe(403);
  signedIn.push(forged);
  const anonymous = [
    await tracker.anonymous().get(`${RECORDS}?q=${SEARCH_WORD}`),
    await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username: "icb.nel" } }),
  ];
  await new Promise((resolve) => setImmediate(resolve));

  const parsed = lines.map((line) => JSON.parse(line) as LogLine);
  const ids = [...signedIn, ...anonymous].map((res) => String(res.headers["x-request-id"]));
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).not.toContain("client-chosen-id");
  for (const line of parsed) expect(ids, JSON.stringify(line)).toContain(line.reqId);
  for (const res of signedIn) {
    const mine = parsed.filter((line) => line.reqId === res.headers["x-request-id"]);
    // One line a request, as an access log has it: what was asked, how it ended, how long it took.
    const completed = mine.filter((line) => line.msg === "request completed");
    expect(completed, `${res.statusCode} ${res.body}`).toHaveLength(1);
    expect(completed[0], JSON.stringify(completed[0])).toMatchObject({ req: { method: res.raw.req.method }, res: { statusCode: res.statusCode }, responseTime: expect.any(Number) });
    for (const line of mine) expect(line, JSON.stringify(line)).toMatchObject({ userId: lscId, role: "icb_editor" });
  }
  // The URL is logged with the names of its parameters, not their values.
  expect(parsed.map((line) => line.req?.url)).toContain(`${RECORDS}?q=[redacted]&pageSize=[redacted]`);

  const sessionId = lsc.cookie.replace(/^scrt_session=/, "").split(".")[0]!;
  const secrets = [CASE_TEXT, SEARCH_WORD, sessionId, lsc.csrfToken, "icb.lsc", "icb.nel", "Alex Morgan"];
  for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
});
