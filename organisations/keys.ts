/**
 * Keys and orderings. An organisation is keyed by (code, type), not code: the same ODS code
 * names a CCG and the sub-ICB location it became, or an STP and the ICB that took its code.
 */
import { ORGANISATION_TYPES, type Organisation, type OrganisationType, type Succession } from "./types.ts";

export const typeRank = (t: OrganisationType): number => ORGANISATION_TYPES.indexOf(t);
export const keyOf = (code: string, type: OrganisationType): string => `${type}:${code}`;
export const orgKey = (o: Organisation): string => keyOf(o.code, o.type);
/** Codes arrive typed by people and old systems in any case; the data holds them in upper case. */
export const normaliseCode = (code: string): string => String(code).trim().toUpperCase();
/** Code-unit order, not locale order, so that sorting is the same on every machine. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareSuccessions(a: Succession, b: Succession): number {
  return (
    cmp(a.effectiveDate, b.effectiveDate) ||
    typeRank(a.successorType) - typeRank(b.successorType) ||
    cmp(a.successorCode, b.successorCode) ||
    cmp(a.viaSubIcbLocation ?? "", b.viaSubIcbLocation ?? "")
  );
}
