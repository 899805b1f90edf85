import { describe, expect, it } from "vitest";
import { ORGANISATIONS_DIR } from "./build/source-files.ts";
import { loadReferenceData } from "./load.ts";
import type { Resolution } from "./types.ts";

const data = loadReferenceData(ORGANISATIONS_DIR);
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
const CHANGE = "2026-04-01";

function codeOf(r: Resolution): string | undefined {
  return r.kind === "open" || r.kind === "succeeded" ? r.organisation.code : undefined;
}

describe("organisation reference data: counts", () => {
  it("has the 2021, 2022 and 2026 configurations", () => {
    expect(data.list("ccg")).toHaveLength(106);
    expect(data.list("stp")).toHaveLength(42);
    expect(data.list("region")).toHaveLength(7);
    expect(data.list("icb").filter((o) => o.openDate === "2022-07-01")).toHaveLength(42);
    expect(data.list("icb", "2022-07-01")).toHaveLength(42);
    expect(data.list("icb", CHANGE)).toHaveLength(36);
    expect(data.list("icb", "2026-03-31")).toHaveLength(42);
    expect(data.list("sub_icb_location", "2022-07-01")).toHaveLength(106);
    expect(data.list("sub_icb_location", CHANGE)).toHaveLength(106); // D4U1Y closed, U2G6B opened
    expect(data.list("ccg", "2022-07-01")).toHaveLength(0);
    expect(data.list("region", today).map((r) => r.code).sort()).toEqual(["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"]);
  });

  it("every sub-ICB location open on a date has exactly one ICB open on that date", () => {
    for (const date of ["2022-07-01", "2026-03-31", CHANGE, today]) {
      for (const s of data.list("sub_icb_location", date)) {
        const icb = data.icbOf(s.code, date, "sub_icb_location");
        expect(icb, `${s.code} on ${date}`).toBeDefined();
        expect(data.isOpen(icb?.code ?? "", date, "icb"), `${s.code} → ${icb?.code} on ${date}`).toBe(true);
      }
    }
  });

  it("lists sorted by name for pickers", () => {
    const names = data.list("icb", CHANGE).map((o) => o.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe("find and isOpen", () => {
  it("matches codes case-insensitively and keeps (code, type) apart", () => {
    expect(data.find("qmj")?.code).toBe("QMJ");
    expect(data.find("02q")?.type).toBe("sub_icb_location"); // latest period
    expect(data.find("02Q", { on: "2021-06-01" })?.type).toBe("ccg");
    expect(data.find("02Q", { on: "2022-07-01" })?.type).toBe("sub_icb_location");
    expect(data.find("02Q", { type: "ccg" })?.name).toBe("NHS Bassetlaw CCG");
    expect(data.find("QF7", { on: "2021-06-01" })?.type).toBe("stp");
    expect(data.find("QF7", { on: "2022-07-01" })?.type).toBe("icb");
    expect(data.find("NOPE")).toBeUndefined();
    expect(data.findAll("02Q").map((o) => o.type).sort()).toEqual(["ccg", "sub_icb_location"]);
  });

  it("QMJ is open on 2026-03-31, closed on 2026-04-01, succeeded by Z9B2Z", () => {
    expect(data.isOpen("QMJ", "2026-03-31")).toBe(true);
    expect(data.isOpen("QMJ", "2026-04-01")).toBe(false);
    expect(data.find("QMJ")?.closeDate).toBe("2026-03-31");
    const succ = data.successorsOf("QMJ");
    expect(succ.map((s) => [s.successorCode, s.kind, s.effectiveDate])).toEqual([["Z9B2Z", "merger", "2026-04-01"]]);
    expect(data.find("Z9B2Z")).toMatchObject({ type: "icb", name: "NHS West and North London Integrated Care Board", openDate: "2026-04-01", closeDate: null });
  });

  it("QE1 is open today in the North West (Y62)", () => {
    expect(data.isOpen("QE1", today, "icb")).toBe(true);
    expect(data.regionOf("QE1", today)).toMatchObject({ code: "Y62", name: "North West", type: "region" });
    expect(data.resolveOpenOrganisation("QE1", today)).toMatchObject({ kind: "open", organisation: { code: "QE1", type: "icb" } });
  });

  it("QMF is in London (Y56)", () => {
    expect(data.regionOf("QMF", "2024-01-01")?.code).toBe("Y56");
    expect(data.regionOf("QMF", today)?.code).toBe("Y56");
  });

  it("QRL stays open, in Y59, and gains the Frimley practices via D9Y0V", () => {
    expect(data.find("QRL", { type: "icb" })?.closeDate).toBeNull();
    expect(data.regionOf("QRL", today)?.code).toBe("Y59");
    expect(data.successorsOf("QRL", "icb")).toEqual([]);
    const preds = data.predecessorsOf("QRL", "icb").map((s) => `${s.predecessorCode}:${s.predecessorType}:${s.kind}`);
    expect(preds.sort()).toEqual(["10R:ccg:transferred_to_icb", "D9Y0V:ccg:transferred_to_icb", "QNQ:icb:acquisition"]);
  });

  it("the 12 abolished ICBs close on 2026-03-31 and the 6 new ones open on 2026-04-01", () => {
    const closed = data.list("icb").filter((o) => o.closeDate === "2026-03-31").map((o) => o.code).sort();
    expect(closed).toEqual(["QH8", "QHG", "QJG", "QM7", "QMJ", "QMM", "QNQ", "QNX", "QRV", "QU9", "QUE", "QXU"]);
    const opened = data.list("icb").filter((o) => o.openDate === CHANGE).map((o) => o.code).sort();
    expect(opened).toEqual(["D7T5G", "S0E4D", "S1Y5D", "S9B9J", "T6Y0W", "Z9B2Z"]);
  });

  it("rejects malformed query dates", () => {
    expect(() => data.isOpen("QE1", "2026-02-30")).toThrow(/YYYY-MM-DD/);
    expect(() => data.find("QE1", { on: "1/4/2026" })).toThrow(/YYYY-MM-DD/);
  });
});

describe("icbOf and regionOf", () => {
  it("02Q (Bassetlaw) was in region Y63 in 2021 but Y60 from July 2022", () => {
    expect(data.regionOf("02Q", "2021-06-01")?.code).toBe("Y63");
    expect(data.regionOf("02Q", "2022-06-30")?.code).toBe("Y63");
    expect(data.regionOf("02Q", "2022-07-01")?.code).toBe("Y60");
    expect(data.regionOf("02Q", today)?.code).toBe("Y60");
    expect(data.icbOf("02Q", "2021-06-01")?.code).toBe("QT1"); // a CCG before July 2022: its July 2022 ICB
    expect(data.icbOf("02Q", "2022-07-01")?.code).toBe("QT1");
  });

  it("follows sub-ICB location membership over time", () => {
    expect(data.icbOf("07H", "2026-03-31")?.code).toBe("QM7");
    expect(data.icbOf("07H", CHANGE)?.code).toBe("D7T5G");
    expect(data.icbOf("06K", CHANGE)?.code).toBe("S1Y5D");
    expect(data.icbOf("93C", CHANGE)?.code).toBe("Z9B2Z");
    expect(data.icbOf("U2G6B", CHANGE)?.code).toBe("S0E4D");
    expect(data.icbOf("D4U1Y", "2026-03-31")?.code).toBe("QNQ");
    expect(data.icbOf("D4U1Y", CHANGE)).toBeUndefined(); // closed: no 2026 ICB
    expect(data.icbOf("QE1", today)?.code).toBe("QE1");
    expect(data.regionOf("07H", CHANGE)?.code).toBe("Y61");
    expect(data.regionOf("S0E4D", CHANGE)?.code).toBe("Y59");
    const d = data.get("D7T5G", "icb");
    expect(d && data.childrenOf(d, CHANGE, "sub_icb_location").map((o) => o.code)).toEqual(["06Q", "06T", "07G", "07H", "99E", "99F", "99G"]);
  });

  it("U2G6B is a new sub-ICB location of S0E4D with a derived name", () => {
    expect(data.find("U2G6B")).toEqual({
      code: "U2G6B",
      type: "sub_icb_location",
      name: "NHS Thames Valley ICB - U2G6B",
      openDate: CHANGE,
      closeDate: null,
      onsCode: null,
    });
  });
});

describe("successions", () => {
  it("every CCG became the sub-ICB location with its code and transferred to its July 2022 ICB", () => {
    for (const ccg of data.list("ccg")) {
      const s = data.successorsOf(ccg.code, "ccg");
      expect(s.map((x) => x.kind).sort(), ccg.code).toEqual(["became_sub_icb_location", "transferred_to_icb"]);
      const became = s.find((x) => x.kind === "became_sub_icb_location");
      expect(became).toMatchObject({ successorCode: ccg.code, successorType: "sub_icb_location", effectiveDate: "2022-07-01" });
      const moved = s.find((x) => x.kind === "transferred_to_icb");
      expect(moved?.successorCode).toBe(data.icbOf(ccg.code, "2022-07-01", "sub_icb_location")?.code);
    }
  });

  it("D4U1Y was split between 92A, D9Y0V and U2G6B and needs a person", () => {
    const s = data.successorsOf("D4U1Y", "sub_icb_location");
    expect(s.map((x) => x.successorCode).sort()).toEqual(["92A", "D9Y0V", "U2G6B"]);
    for (const x of s) {
      expect(x.kind).toBe("split");
      expect(x.note).toMatch(/person must choose/);
    }
  });

  it("split ICBs have one row per sub-ICB location", () => {
    const qm7 = data.successorsOf("QM7").filter((s) => s.viaSubIcbLocation !== null);
    expect(qm7.map((s) => `${s.viaSubIcbLocation}→${s.successorCode}`).sort()).toEqual(["06K→S1Y5D", "06N→S1Y5D", "07H→D7T5G"]);
    const qjg = data.successorsOf("QJG").filter((s) => s.viaSubIcbLocation !== null);
    expect(qjg.map((s) => `${s.viaSubIcbLocation}→${s.successorCode}`).sort()).toEqual(["06L→T6Y0W", "06T→D7T5G", "07K→T6Y0W"]);
    expect(data.successorsOf("QNQ").map((s) => `${s.successorCode}:${s.kind}`).sort()).toEqual(["QRL:acquisition", "S0E4D:split", "S9B9J:split"]);
  });
});

describe("resolveOpenOrganisation", () => {
  const toIcb = (code: string, date = CHANGE) => data.resolveOpenOrganisation(code, date, { targetType: "icb" });

  it.each([
    ["07H", "D7T5G"],
    ["06K", "S1Y5D"],
    ["06N", "S1Y5D"],
    ["06T", "D7T5G"],
    ["06L", "T6Y0W"],
    ["02Q", "QT1"],
    ["93C", "Z9B2Z"],
    ["W2U3Z", "Z9B2Z"],
    ["92A", "S9B9J"],
    ["D9Y0V", "QRL"],
    ["U2G6B", "S0E4D"],
    ["QMJ", "Z9B2Z"],
    ["QU9", "S0E4D"],
  ])("%s resolves to ICB %s on 2026-04-01", (code, icb) => {
    const r = toIcb(code);
    expect(r.kind).toBe("succeeded");
    expect(codeOf(r)).toBe(icb);
  });

  it("D4U1Y is ambiguous between S0E4D, S9B9J and QRL", () => {
    const r = toIcb("D4U1Y");
    expect(r.kind).toBe("ambiguous");
    if (r.kind !== "ambiguous") return;
    expect(r.candidates.map((c) => c.code).sort()).toEqual(["QRL", "S0E4D", "S9B9J"]);
    expect(r.reason).toMatch(/person must choose/);
    // also as the 2021 CCG code, and without a target type (sub-ICB location lineage)
    expect(data.resolveOpenOrganisation("d4u1y", CHANGE, { type: "ccg", targetType: "icb" }).kind).toBe("ambiguous");
    const lineage = data.resolveOpenOrganisation("D4U1Y", CHANGE);
    expect(lineage.kind === "ambiguous" && lineage.candidates.map((c) => c.code).sort()).toEqual(["92A", "D9Y0V", "U2G6B"]);
  });

  it("a split ICB alone is ambiguous, and the reason says which sub-ICB location goes where", () => {
    const r = toIcb("QM7");
    expect(r.kind).toBe("ambiguous");
    if (r.kind !== "ambiguous") return;
    expect(r.candidates.map((c) => c.code)).toEqual(["D7T5G", "S1Y5D"]);
    expect(r.reason).toContain("07H → D7T5G");
    expect(toIcb("QNQ").kind).toBe("ambiguous");
    expect(toIcb("QJG").kind).toBe("ambiguous");
  });

  it("before the change the old ICB is still the answer", () => {
    expect(codeOf(toIcb("07H", "2026-03-31"))).toBe("QM7");
    expect(toIcb("QMJ", "2026-03-31")).toMatchObject({ kind: "open", organisation: { code: "QMJ" } });
    expect(codeOf(toIcb("D4U1Y", "2026-03-31"))).toBe("QNQ");
  });

  it("returns the succession path", () => {
    const merged = data.resolveOpenOrganisation("QMJ", CHANGE);
    expect(merged.kind).toBe("succeeded");
    if (merged.kind === "succeeded") expect(merged.path.map((s) => [s.predecessorCode, s.successorCode, s.kind])).toEqual([["QMJ", "Z9B2Z", "merger"]]);

    const ccg = data.resolveOpenOrganisation("07h", CHANGE, { type: "ccg", targetType: "icb" });
    expect(ccg.kind).toBe("succeeded");
    if (ccg.kind === "succeeded") {
      expect(ccg.organisation.code).toBe("D7T5G");
      expect(ccg.path.map((s) => [s.predecessorCode, s.successorCode, s.kind, s.viaSubIcbLocation])).toEqual([
        ["07H", "QM7", "transferred_to_icb", "07H"],
        ["QM7", "D7T5G", "split", "07H"],
      ]);
      expect(ccg.via?.code).toBe("07H");
    }
    const sicbl = data.resolveOpenOrganisation("02Q", CHANGE, { targetType: "icb" });
    expect(sicbl.kind === "succeeded" && sicbl.path).toEqual([]); // mapped by membership only
  });

  it("a CCG code without a target follows its lineage to the sub-ICB location", () => {
    expect(data.resolveOpenOrganisation("07H", CHANGE)).toMatchObject({ kind: "open", organisation: { code: "07H", type: "sub_icb_location" } });
    const r = data.resolveOpenOrganisation("07H", CHANGE, { type: "ccg" });
    expect(r).toMatchObject({ kind: "succeeded", organisation: { code: "07H", type: "sub_icb_location" } });
    expect(data.resolveOpenOrganisation("07H", "2021-06-01", { type: "ccg" })).toMatchObject({ kind: "open", organisation: { type: "ccg" } });
  });

  it("unknown codes and dates before anything opened", () => {
    expect(data.resolveOpenOrganisation("XYZ99", CHANGE)).toMatchObject({ kind: "unknown" });
    expect(data.resolveOpenOrganisation("D7T5G", "2025-01-01")).toMatchObject({ kind: "unknown" });
    expect(toIcb("07H", "2021-06-01")).toMatchObject({ kind: "unknown" }); // no ICBs before 1 July 2022
  });

  it("can resolve to a region, even through a practice-level split inside one region", () => {
    expect(data.resolveOpenOrganisation("D4U1Y", CHANGE, { targetType: "region" })).toMatchObject({ kind: "succeeded", organisation: { code: "Y59" } });
    expect(data.resolveOpenOrganisation("QM7", CHANGE, { targetType: "region" })).toMatchObject({ kind: "succeeded", organisation: { code: "Y61" } });
  });
});
