/**
 * What a collection's dashboard counts, resolved against its current published form once: the
 * compiled `dashboard` settings with each breakdown item's codes numbered, so that a revision's
 * answers can be kept as a few numbers (facts.ts) rather than as JSON.
 */
import type { CompiledDashboard, CompiledForm, CompiledItem } from "../../engine/index.ts";

export interface Breakdown {
  item: CompiledItem;
  /** Every code of the item's choice list (retired ones too: old records still hold them). */
  codes: { code: string; label: string }[];
  /** Each code's position in `codes`: its bit. */
  bitOf: Map<string, number>;
  /** Where its bits start in a revision's code words, and how many 32-bit words it takes. */
  firstWord: number;
  words: number;
}

export interface DashboardPlan {
  form: CompiledForm;
  settings: CompiledDashboard;
  breakdowns: Breakdown[];
  /** 32-bit words of code bits per revision, over every breakdown. */
  codeWords: number;
}

/** The plan of a form's dashboard, or undefined when its collection declares none. */
export function dashboardPlan(form: CompiledForm): DashboardPlan | undefined {
  const settings = form.collection.dashboard;
  if (!settings) return undefined;
  let word = 0;
  const breakdowns = settings.breakdowns.map((key): Breakdown => {
    const item = form.items.find((i) => i.key === key);
    if (!item?.choices) throw new Error(`dashboard breakdown "${key}" is not a choice item of ${form.collection.id} ${form.version}`);
    const codes = (form.choiceLists[item.choices]?.choices ?? []).map((c) => ({ code: c.code, label: c.label }));
    const breakdown = { item, codes, bitOf: new Map(codes.map((c, i) => [c.code, i])), firstWord: word, words: Math.max(1, Math.ceil(codes.length / 32)) };
    word += breakdown.words;
    return breakdown;
  });
  if (settings.outstanding.length > 30) throw new Error(`${form.collection.id}: at most 30 outstanding counts fit a dashboard`);
  return { form, settings, breakdowns, codeWords: word };
}
