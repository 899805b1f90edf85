/**
 * The server's dashboard projections, one per collection that declares a dashboard, made on
 * first use and kept for the server's life (they are brought up to date on every request).
 */
import type { FormRegistry } from "../engine/index.ts";
import { DashboardProjection } from "../ops/index.ts";
import type { Store } from "../storage/index.ts";

export class Dashboards {
  private readonly projections = new Map<string, DashboardProjection | undefined>();

  constructor(
    private readonly store: Store,
    private readonly registry: FormRegistry,
  ) {}

  /** The collection's projection, or undefined when it has no published version or no dashboard. */
  of(collection: string): DashboardProjection | undefined {
    if (!this.projections.has(collection)) this.projections.set(collection, DashboardProjection.for(this.store, this.registry, collection));
    return this.projections.get(collection);
  }

  /** Starts reading every collection's records in the background, so the first page is quick. */
  warm(onError: (error: unknown) => void): void {
    for (const collection of this.registry.collections()) this.of(collection)?.catchUp().catch(onError);
  }

  /** Stops readings in progress; call before the store closes. */
  stop(): void {
    for (const projection of this.projections.values()) projection?.stop();
  }
}
