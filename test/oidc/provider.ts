/**
 * A real OpenID Connect provider for tests: panva's oidc-provider (the certified Node
 * implementation) on a loopback port, with its development login and consent pages. Whoever
 * types a login name at its login page is that account; the accounts' claims are set here.
 *
 * Also a small browser stand-in (`Browser`) that follows the provider's redirects with a
 * cookie jar and fills its pages, so that server tests can sign in through the real protocol
 * without Chromium (the browser tests use Chromium itself).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export interface TestProvider {
  issuer: string;
  /** Claims by login name; change them between tests. */
  accounts: Map<string, ProviderAccount>;
  close(): Promise<void>;
}

export async function startProvider(clients: TestClient[]): Promise<TestProvider> {
  const accounts = new Map<string, ProviderAccount>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [c.redirectUri],
      post_logout_redirect_uris: [c.postLogoutRedirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    cookies: { keys: ["test-provider-cookie-key"] },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, ...(accounts.get(sub) ?? {}) };
        },
      };
    },
  });
  // Quiet: its warnings about development settings are expected here.
  provider.on("server_error", () => {});
  server.on("request", provider.callback());
  return {
    issuer,
    accounts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Follows redirects by hand, keeping cookies per host (paths ignored: the provider's and the
 * tracker's cookies do not collide), and fills the provider's development login and consent
 * forms. `deliver` is called instead of fetch for addresses on the tracker, so a tracker under
 * test through `inject` needs no listening port.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(
    private readonly trackerOrigin: string,
    private readonly deliver: (path: string, cookie: string) => Promise<{ status: number; location?: string; setCookies: string[]; body: string }>,
  ) {}

  cookieHeader(host: string): string {
    return [...(this.jar.get(host) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string | null): void {
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    this.jar.set(host, cookies);
    if (value === null) cookies.delete(name);
    else cookies.set(name, value);
  }

  private store(host: string, setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair] = header.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = /max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === "";
      this.setCookie(host, name, expired ? null : value);
    }
  }

  /** One request, no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ status: number; location?: string; body: string }> {
    const target = new URL(url);
    if (target.origin === this.trackerOrigin) {
      const res = await this.deliver(target.pathname + target.search, this.cookieHeader(target.host));
      this.store(target.host, res.setCookies);
      return res.location === undefined ? { status: res.status, body: res.body } : { status: res.status, location: new URL(res.location, target).href, body: res.body };
    }
    const res = await fetch(target, {
      method: init.method ?? "GET",
      redirect: "manual",
      headers: { cookie: this.cookieHeader(target.host), ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.store(target.host, res.headers.getSetCookie());
    const location = res.headers.get("location");
    return { status: res.status, ...(location ? { location: new URL(location, target).href } : {}), body: await res.text() };
  }

  /**
   * Follows redirects from `url`, signing in at the provider as `login` and consenting, until
   * an address `stop` accepts (by default the tracker's callback) is reached; returns it unvisited.
   */
  async signInAtProvider(url: string, login: string, stop: (url: URL) => boolean = (u) => u.origin === this.trackerOrigin && u.pathname === "/auth/oidc/callback"): Promise<URL> {
    let next = url;
    for (let hop = 0; hop < 20; hop++) {
      const target = new URL(next);
      if (stop(target)) return target;
      const res = await this.request(next);
      if (res.location) {
        next = res.location;
        continue;
      }
      // A development interaction page: the login form, then the consent form.
      const action = /<form[^>]*action="([^"]+)"/.exec(res.body)?.[1];
      if (res.status !== 200 || !action) throw new Error(`unexpected page at ${next}: ${res.status} ${res.body.slice(0, 300)}`);
      const form: Record<string, string> = /name="login"/.test(res.body) ? { prompt: "login", login, password: "any" } : { prompt: "consent" };
      const posted = await this.request(new URL(action.replace(/&amp;/g, "&"), target).href, { method: "POST", form });
      if (!posted.location) throw new Error(`the provider's form did not redirect: ${posted.status} ${posted.body.slice(0, 300)}`);
      next = posted.location;
    }
    throw new Error("too many redirects");
  }
}
