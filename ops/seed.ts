/**
 * First-start data for the embedded default: the seeded users of DESIGN.md and a handful of
 * fictional demo cases for two ICBs. Demo cases go through the same validation as any write.
 */
import { isIsoDate, type FormRegistry } from "../engine/index.ts";
import type { NewUser, RecordData, Store, User } from "../storage/index.ts";
import { learningEntry } from "./learning-texts.ts";
import { uniqueConstraints } from "./unique.ts";

export const NHS_ENGLAND = "X24";

export const SEEDED_USERS: NewUser[] = [
  // source "demo": production refuses to start while these exist (scrt users remove-demo).
  { username: "icb.lsc", displayName: "Alex Morgan (Lancashire and South Cumbria ICB)", role: "icb_editor", orgCode: "QE1", source: "demo" },
  { username: "icb.lsc.viewer", displayName: "Sam Patel (Lancashire and South Cumbria ICB, read only)", role: "icb_viewer", orgCode: "QE1", source: "demo" },
  { username: "icb.nel", displayName: "Jordan Ellis (North East London ICB)", role: "icb_editor", orgCode: "QMF", source: "demo" },
  { username: "icb.ncl", displayName: "Chris Okafor (North Central London ICB)", role: "icb_editor", orgCode: "QMJ", source: "demo" },
  { username: "region.nw", displayName: "Robin Hughes (NHS England North West)", role: "regional", orgCode: "Y62", source: "demo" },
  { username: "national", displayName: "Taylor Reid (NHS England national team)", role: "national", orgCode: NHS_ENGLAND, source: "demo" },
  { username: "standards", displayName: "Jamie Clarke (NHS England data standards)", role: "standards_admin", orgCode: NHS_ENGLAND, source: "demo" },
];

/** Fictional cases: no real people, places or incidents. */
const DEMO_CASES: { owner: string; by: string; data: RecordData }[] = [
  {
    owner: "QE1",
    by: "icb.lsc",
    data: {
      status: "open",
      date_added: "2025-02-10",
      designated_professional: "Designated Nurse, Safeguarding Adults",
      designated_professional_initials: "AM",
      safeguarding_partnership: "Lancashire Safeguarding Adults Board",
      steis_or_local_id: "2025/10431",
      review_type: "sar",
      incident_date: "2025-01-18",
      brief_overview: "Older adult living alone with care and support needs; home care visits were missed over several weeks before a fall.",
      themes: ["neglect", "self_neglect"],
      media_interest: "no",
      latest_update: "Independent reviewer appointed; chronology requested from all agencies.",
      date_of_update: "2025-04-02",
    },
  },
  {
    owner: "QE1",
    by: "icb.lsc",
    data: {
      status: "open",
      date_added: "2025-05-06",
      designated_professional: "Designated Nurse, Safeguarding Children",
      designated_professional_initials: "KP",
      safeguarding_partnership: "Blackburn with Darwen Safeguarding Children Partnership",
      steis_or_local_id: "LSC-CSPR-0007",
      review_type: "rapid_review",
      incident_date: "2025-04-29",
      brief_overview: "Infant presented with unexplained injuries; rapid review convened to decide whether a local review is needed.",
      themes: ["non_accidental_injury", "was_not_brought"],
      media_interest: "no",
    },
  },
  {
    owner: "QE1",
    by: "icb.lsc",
    data: {
      status: "closed",
      date_added: "2024-09-16",
      date_closed: "2025-06-30",
      designated_professional: "Designated Nurse, Safeguarding Adults",
      designated_professional_initials: "AM",
      safeguarding_partnership: "Cumbria Community Safety Partnership",
      steis_or_local_id: "2024/18877",
      review_type: "dhr",
      incident_date: "2024-07-21",
      brief_overview: "Domestic homicide review following the death of an adult; health contacts in the year before are in scope.",
      themes: ["domestic", "mental_health"],
      media_interest: "yes",
      date_report_signed_off: "2025-05-14",
      publication_date: "2025-06-20",
      report_link: "https://www.example.org/reviews/dhr-2024-18877",
      lessons_learned: "Routine enquiry about domestic abuse was not made at two GP appointments.",
      recommendations: "Practices to audit routine enquiry; ICB to fund refresher training.",
      icb_chief_nurse_assured: "yes",
    },
  },
  {
    owner: "QE1",
    by: "icb.lsc",
    data: {
      status: "open",
      date_added: "2025-08-19",
      designated_professional: "Named GP for Safeguarding",
      designated_professional_initials: "DRW",
      safeguarding_partnership: "Lancashire Safeguarding Adults Board",
      steis_or_local_id: "2025/22910",
      review_type: "other",
      review_type_other: "Learning review (non-statutory)",
      incident_date: "2025-08-02",
      brief_overview: "Adult with a learning disability admitted with malnutrition; partners agreed a non-statutory learning review.",
      themes: ["learning_disability_autism", "organisational"],
      media_interest: "no",
    },
  },
  {
    owner: "QMF",
    by: "icb.nel",
    data: {
      status: "open",
      date_added: "2025-03-03",
      designated_professional: "Designated Doctor, Safeguarding Children",
      designated_professional_initials: "JE",
      safeguarding_partnership: "City and Hackney Safeguarding Children Partnership",
      steis_or_local_id: "NEL-0421",
      review_type: "cspr",
      incident_date: "2025-02-11",
      brief_overview: "Adolescent exploited through county lines activity; missed education and health appointments over a year.",
      themes: ["exploitation", "was_not_brought"],
      media_interest: "yes",
    },
  },
  {
    owner: "QMF",
    by: "icb.nel",
    data: {
      status: "open",
      date_added: "2025-07-21",
      designated_professional: "Designated Nurse, Safeguarding Adults",
      designated_professional_initials: "TE",
      safeguarding_partnership: "Newham Safeguarding Adults Board",
      steis_or_local_id: "2025/19902",
      review_type: "sar",
      incident_date: "2025-06-30",
      brief_overview: "Adult in supported accommodation; concerns about financial abuse by a person in a position of trust.",
      themes: ["financial", "psychological"],
      media_interest: "no",
    },
  },
];

export async function seedUsers(store: Store): Promise<void> {
  for (const user of SEEDED_USERS) await store.ensureUser(user);
}

/** Adds the demo cases on first start only (when the collection has no records at all). */
export async function seedDemoCases(store: Store, registry: FormRegistry, today: string): Promise<number> {
  const entry = registry.published("s-crt");
  if (!entry || (await store.countRecords("s-crt")) > 0) return 0;
  let added = 0;
  for (const demo of DEMO_CASES) {
    const result = entry.validate(demo.data, { today });
    if (!result.valid) throw new Error(`demo case ${String(demo.data.steis_or_local_id)} is invalid: ${result.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
    const user = await store.getUserByUsername(demo.by);
    if (!user) throw new Error(`demo user ${demo.by} is missing`);
    // Each case is written on a day its answers allow: a closed case first as it was when it
    // was added (when that is a valid record) and then on the day it closed, an open one on the
    // latest day it mentions. So the dashboard's quarters and trend have a history to show.
    const addedOn = String(demo.data.date_added);
    const opened = asOpenedOn(demo.data, addedOn);
    const twoSteps = demo.data.status === "closed" && entry.validate(opened, { today: addedOn }).valid;
    const first = twoSteps ? opened : demo.data;
    const written = await store.createRecord({
      collection: "s-crt",
      version: entry.form.version,
      ownerOrg: demo.owner,
      data: first,
      userId: user.id,
      complete: true,
      missing: [],
      unique: uniqueConstraints(entry.form, first),
      search: learningEntry(entry.form, first),
      at: `${twoSteps ? addedOn : latestDate(demo.data)}T09:00:00.000Z`,
    });
    if (written.kind !== "ok") continue;
    added++;
    if (twoSteps) {
      await store.updateRecord({
        collection: "s-crt",
        id: written.record.id,
        expectedRevision: 1,
        version: entry.form.version,
        data: demo.data,
        userId: user.id,
        complete: true,
        missing: [],
        unique: uniqueConstraints(entry.form, demo.data),
        search: learningEntry(entry.form, demo.data),
        at: `${latestDate(demo.data)}T16:00:00.000Z`,
      });
    }
  }
  return added;
}

function latestDate(data: RecordData): string {
  return Object.values(data).filter(isIsoDate).sort().at(-1)!;
}

/** A case as it stood when it was added: open, without the answers dated after that day. */
function asOpenedOn(data: RecordData, day: string): RecordData {
  const opened: RecordData = { status: "open" };
  for (const [key, value] of Object.entries(data)) if (key !== "status" && key !== "date_closed" && !(isIsoDate(value) && value > day)) opened[key] = value;
  return opened;
}

/** The author of revisions made by data commands (imports, migrations, owner moves). */
export function systemUser(store: Store): Promise<User> {
  return store.ensureUser({ username: "system.data", displayName: "Data migration (NHS England)", role: "national", orgCode: NHS_ENGLAND, source: "system" });
}
