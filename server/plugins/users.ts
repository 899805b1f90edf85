/**
 * User administration: national users given the user-administrator permission add accounts,
 * change their role or organisation, and deactivate or reactivate them. The rules, and the
 * audit trail of each change, are ops/accounts.ts's, the same as `scrt users`. Everyone else
 * is refused (403) before anything is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  addUserRequestSchema,
  changeUserRequestSchema,
  errorBodySchema,
  managedUserSchema,
  roleChoicesBodySchema,
  userPageSchema,
  userParamsSchema,
  usersQuerySchema,
  type AddUserRequest,
  type ChangeUserRequest,
  type ManagedUser,
  type RoleChoicesBody,
  type UserPage,
  type UsersQuery,
} from "../../api/index.ts";
import { addAccount, changeAccount, organisationName, roleChoices, type AccountActor, type AccountError } from "../../ops/index.ts";
import type { User } from "../../storage/index.ts";
import { administersUsers, ROLE_NAMES } from "../access.ts";
import type { ServerContext } from "../context.ts";
import { envelopeErrors } from "./envelope.ts";
import { errorBody } from "./errors.ts";

const errors = { "4xx": errorBodySchema };
const DEFAULT_PAGE_SIZE = 50;

export function managedUser(user: User, context: ServerContext): ManagedUser {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleName: ROLE_NAMES[user.role],
    organisation: { code: user.orgCode, name: organisationName(context.reference, user.orgCode, context.today()) },
    userAdmin: user.userAdmin,
    active: user.active,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    signInLinked: user.externalSubject !== null,
  };
}

async function onlyAdministrators(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  // Anonymous requests have had their 401 already.
  if (request.user && !administersUsers(request.user)) await reply.status(403).send(errorBody(403, "forbidden", "Only national users with the user administrator permission manage accounts"));
}

function actor(request: FastifyRequest): AccountActor {
  return { userId: request.user!.id, actor: request.user!.username, ip: request.ip };
}

function invalid(problems: AccountError[]) {
  const fields = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return errorBody(422, "validation_failed", `The account has ${fields}: ${problems.map((p) => p.message).join("; ")}`, { errors: problems });
}

/** Whether an account matches every word typed, in its name, email, username or organisation code. */
function matches(user: User, words: string[]): boolean {
  const text = `${user.displayName} ${user.email ?? ""} ${user.username} ${user.orgCode}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export async function usersPlugin(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { store } = context;
  // Before the body is read: nobody else learns anything from how their request was formed.
  app.addHook("onRequest", onlyAdministrators);

  app.get<{ Querystring: UsersQuery }>(
    "/users",
    {
      schema: { tags: ["users"], summary: "Accounts by name, a page at a time (user administrators)", querystring: usersQuerySchema, response: { 200: userPageSchema, ...errors } },
      schemaErrorFormatter: envelopeErrors({ fields: { q: "text of up to 200 characters", status: "active or deactivated", page: "a whole number from 1", pageSize: "a whole number from 1 to 200" } }),
    },
    async (request): Promise<UserPage> => {
      const { q, status } = request.query;
      const page = Number(request.query.page ?? 1);
      const pageSize = Number(request.query.pageSize ?? DEFAULT_PAGE_SIZE);
      const words = (q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      // Accounts number in the hundreds: read them all, and sort and narrow them here.
      const found = (await store.listUsers())
        .filter((u) => u.source !== "system" && matches(u, words) && (status === undefined || u.active === (status === "active")))
        .sort((a, b) => a.displayName.localeCompare(b.displayName, "en-GB") || a.username.localeCompare(b.username));
      return { items: found.slice((page - 1) * pageSize, page * pageSize).map((u) => managedUser(u, context)), total: found.length, page, pageSize };
    },
  );

  app.get(
    "/users/roles",
    { schema: { tags: ["users"], summary: "Each role with the organisations an account in it may belong to today, and whether it may administer accounts", response: { 200: roleChoicesBodySchema, ...errors } } },
    async (): Promise<RoleChoicesBody> => ({
      items: roleChoices(context.reference, context.today()).map((c) => ({
        role: c.role,
        roleName: ROLE_NAMES[c.role],
        organisationKind: c.organisationKind,
        userAdminAllowed: c.userAdminAllowed,
        organisations: c.organisations,
      })),
    }),
  );

  app.get<{ Params: { id: string } }>(
    "/users/:id",
    { schema: { tags: ["users"], summary: "One account", params: userParamsSchema, response: { 200: managedUserSchema, ...errors } } },
    async (request, reply) => {
      const user = await store.getUser(request.params.id);
      if (!user || user.source === "system") return reply.status(404).send(errorBody(404, "not_found", "No such account"));
      return managedUser(user, context);
    },
  );

  app.post<{ Body: AddUserRequest }>(
    "/users",
    {
      schema: { tags: ["users"], summary: "Add an account; its username is its email (201; 422 naming each problem; 409 when the email has an account)", body: addUserRequestSchema, response: { 201: managedUserSchema, ...errors } },
      schemaErrorFormatter: envelopeErrors({ shape: '{"email", "displayName", "role", "orgCode", "userAdmin"}' }),
    },
    async (request, reply) => {
      const body = request.body;
      const result = await addAccount(store, context.reference, context.today(), body, actor(request));
      switch (result.kind) {
        case "invalid":
          return reply.status(422).send(invalid(result.errors));
        case "exists":
          return reply.status(409).send(errorBody(409, "user_exists", result.message, { errors: [{ path: "/email", code: "user_exists", message: result.message }] }));
        case "added":
          return reply.status(201).send(managedUser(result.user, context));
      }
    },
  );

  app.patch<{ Params: { id: string }; Body: ChangeUserRequest }>(
    "/users/:id",
    {
      schema: {
        tags: ["users"],
        summary: "Change an account's name, role, organisation or permission, or deactivate (ending its sessions at once) or reactivate it",
        params: userParamsSchema,
        body: changeUserRequestSchema,
        response: { 200: managedUserSchema, ...errors },
      },
      schemaErrorFormatter: envelopeErrors({ shape: '{"displayName"?, "role"?, "orgCode"?, "userAdmin"?, "active"?}' }),
    },
    async (request, reply) => {
      if (!Object.keys(request.body).length) {
        return reply.status(400).send(errorBody(400, "invalid_request", 'Send at least one of "displayName", "role", "orgCode", "userAdmin" or "active"'));
      }
      const result = await changeAccount(store, context.reference, context.today(), request.params.id, request.body, actor(request));
      switch (result.kind) {
        case "not_found":
          return reply.status(404).send(errorBody(404, "not_found", "No such account"));
        case "invalid":
          return reply.status(422).send(invalid(result.errors));
        case "own_account":
          return reply.status(409).send(errorBody(409, "own_account", result.message, { errors: [{ path: result.field, code: "own_account", message: result.message }] }));
        case "unchanged":
        case "changed":
          return managedUser(result.user, context);
      }
    },
  );
}
