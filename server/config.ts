/** Configuration from environment variables, with safe defaults (see README). */
import { resolve } from "node:path";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  production: boolean;
  /** Signs session cookies; when unset, a random secret is kept in DATA_DIR. */
  sessionSecret: string | null;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  if (env.SESSION_SECRET !== undefined && env.SESSION_SECRET.length < 32) throw new Error("SESSION_SECRET must be at least 32 characters");
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir: resolve(env.DATA_DIR ?? "./data"),
    production: env.NODE_ENV === "production",
    sessionSecret: env.SESSION_SECRET && env.SESSION_SECRET.length >= 32 ? env.SESSION_SECRET : null,
  };
}
