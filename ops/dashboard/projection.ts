/**
 * A collection's dashboard facts, kept up to date by reading on from the last revision seen.
 * Revisions are append-only and numbered in the order they were written, so whoever wrote
 * them (the server, an import, a migration from the CLI), reading every revision after the
 * last one seen brings the facts up to date. The first read of a large collection takes a
 * while: it goes in batches, giving the event loop back between them so that nothing else
 * waits, and says how far it has got.
 */
import type { FormRegistry, RegisteredForm } from "../../engine/index.ts";
import type { Store } from "../../storage/index.ts";
import { CurrentAnswers } from "../current-answers.ts";
import { DashboardFacts, londonDay } from "./facts.ts";
import { dashboardPlan } from "./plan.ts";

export interface Progress {
  /** Records read so far, and the collection's records when the reading began. */
  done: number;
  total: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class DashboardProjection {
  readonly facts: DashboardFacts;
  private lastSeq = 0;
  private running: Promise<void> | undefined;
  private progress: Progress = { done: 0, total: 0 };
  private stopped = false;
  private readonly current: CurrentAnswers;

  /** Undefined when the collection has no published version or no dashboard. */
  static for(store: Store, registry: FormRegistry, collection: string, batchSize?: number): DashboardProjection | undefined {
    const published = registry.published(collection);
    const plan = published && dashboardPlan(published.form);
    return plan && published ? new DashboardProjection(store, registry, published, new DashboardFacts(plan), batchSize) : undefined;
  }

  private constructor(
    private readonly store: Store,
    registry: FormRegistry,
    private readonly published: RegisteredForm,
    facts: DashboardFacts,
    private readonly batchSize = 2000,
  ) {
    this.facts = facts;
    this.current = new CurrentAnswers(registry, published.form.collection.id, published.form.version);
  }

  /** How far the reading in progress has got; undefined when none is running. */
  get reading(): Progress | undefined {
    return this.running ? { ...this.progress } : undefined;
  }

  /** Reads every revision written since the last call. Concurrent callers share one reading. */
  catchUp(): Promise<void> {
    this.running ??= this.readOn().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops a reading in progress at its next batch (before the store closes). */
  stop(): void {
    this.stopped = true;
  }

  private async readOn(): Promise<void> {
    const collection = this.published.form.collection.id;
    this.progress = { done: this.facts.records, total: this.facts.records };
    for (let batches = 0; ; batches++) {
      // Counting a large collection costs a scan of its index: only a long reading needs it.
      if (batches === 1) this.progress.total = await this.store.countRecords(collection);
      if (this.stopped) throw new Error("the dashboard was stopped");
      const batch = await this.store.scanRevisions({ collection, afterSeq: this.lastSeq, limit: this.batchSize });
      for (const revision of batch) {
        const day = londonDay(revision.createdAt);
        const data = this.current.of(revision, day);
        const complete = this.published.validate(data, { today: day }).valid;
        this.facts.add({ recordId: revision.recordId, ownerOrg: revision.ownerOrg, createdAt: revision.createdAt, reviewFlags: revision.reviewFlags, data, complete });
        this.lastSeq = revision.seq;
      }
      this.progress.done = this.facts.records;
      if (batch.length < this.batchSize) return;
      await yieldToEventLoop();
    }
  }
}
