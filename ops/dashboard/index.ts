/** The assurance dashboard: facts kept from the revisions, and the figures counted from them. */
export { DashboardProjection, type Progress } from "./projection.ts";
export { dashboardFigures, quarterBefore, type CodeCount, type DashboardFigures, type FiguresQuery, type OwnerFigures, type RegionFigures, type TrendPoint } from "./figures.ts";
export { dashboardPlan, type DashboardPlan } from "./plan.ts";
