/** Configuration from environment variables, with safe defaults (see README). */
import { resolve } from "node:path";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  production: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir: resolve(env.DATA_DIR ?? "./data"),
    production: env.NODE_ENV === "production",
  };
}
