/**
 * A stored revision's answers in the items of the collection's current published version: a
 * revision stored under an older version is carried through each stored migration step (pure
 * functions) in turn. The extract and the dashboard both describe every record in one shape,
 * whatever version it was written under, and this is the one place that shape is made.
 */
import { applyMigration, type CompiledMigration, type FormRegistry, type RecordData } from "../engine/index.ts";

export class CurrentAnswers {
  private readonly chains = new Map<string, CompiledMigration[]>();

  constructor(
    private readonly registry: FormRegistry,
    private readonly collection: string,
    /** The current published version: the shape every answer is given in. */
    readonly target: string,
  ) {}

  /** `date` is the day the migration is taken to run on (for steps that default to today). */
  of(revision: { version: string; data: RecordData; ownerOrg: string }, date: string): RecordData {
    if (revision.version === this.target) return revision.data;
    let data = revision.data;
    // The owner is reported as stored; only the answers are carried into the current items.
    for (const migration of this.chain(revision.version)) data = applyMigration(migration, { data, ownerOrg: revision.ownerOrg }, { date }).data;
    return data;
  }

  private chain(from: string): CompiledMigration[] {
    const known = this.chains.get(from);
    if (known) return known;
    const chain: CompiledMigration[] = [];
    let version = from;
    while (version !== this.target) {
      const next = this.registry.migrations(this.collection).find((m) => m.from === version);
      if (!next || chain.includes(next)) throw new Error(`no migration leads from version ${from} of ${this.collection} to ${this.target}, so its records cannot be shown in ${this.target}'s items`);
      chain.push(next);
      version = next.to;
    }
    this.chains.set(from, chain);
    return chain;
  }
}
