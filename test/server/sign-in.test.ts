/**
 * A refused sign-in says nothing about which accounts exist: every refusal of a name is the
 * same answer, whatever the name.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTracker, type Tracker } from "./harness.ts";

let tracker: Tracker;
beforeAll(async () => {
  tracker = await startTracker();
});
afterAll(() => tracker?.destroy());

it("the dev sign-in refuses every unknown name with one answer that does not repeat it", async () => {
  const answers = [];
  // Nobody, a near miss of a seeded name, a seeded name in other case, and markup.
  for (const username of ["nobody", "icb.lsc2", "ICB.LSC", "<b>x</b>"]) {
    const res = await tracker.app.inject({ method: "POST", url: "/auth/dev-login", payload: { username } });
    expect(res.statusCode, username).toBe(401);
    expect(res.body, username).not.toContain(username);
    answers.push(res.body);
  }
  expect(new Set(answers).size).toBe(1);
  expect(JSON.parse(answers[0]!)).toMatchObject({ code: "unknown_user", message: "Those sign-in details were not recognised" });
});
