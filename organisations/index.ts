// Placeholder front door until the organisation model moves out of engine/reference.
export * from "../engine/reference/organisations.ts";
export { ownerResolverFrom } from "../engine/migrate/owner-resolver.ts";
