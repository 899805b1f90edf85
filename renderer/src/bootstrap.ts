/**
 * What the server put in the page for its first screen (server/plugins/web.ts): who is signed
 * in, with their permissions and CSRF token, and the collections. Read once, as data: the page
 * has no inline code. Absent (the Vite dev server's page), the app asks the API as before.
 */
import type { CollectionSummary, SessionBody } from "../../api/index.ts";

export interface ServiceContacts {
  serviceDeskEmail: string;
  feedbackUrl: string;
}

export interface Bootstrap {
  session: SessionBody | null;
  collections: CollectionSummary[] | null;
  service: ServiceContacts | null;
}

function read(): Bootstrap | null {
  const element = document.getElementById("scrt-bootstrap");
  if (!element?.textContent) return null;
  try {
    const parsed = JSON.parse(element.textContent) as Partial<Bootstrap> | null;
    if (!parsed || typeof parsed !== "object") return null;
    return { session: parsed.session ?? null, collections: Array.isArray(parsed.collections) ? parsed.collections : null, service: parsed.service ?? null };
  } catch {
    return null;
  }
}

/** The page's bootstrap, or null when the page has none. */
export const bootstrap: Bootstrap | null = read();

/** Used when the page has no bootstrap (the Vite dev server); the server's defaults (ops/config.ts). */
const FALLBACK_SERVICE: ServiceContacts = {
  serviceDeskEmail: "england.scrt-servicedesk@nhs.net",
  feedbackUrl: "mailto:england.scrt-servicedesk@nhs.net?subject=Feedback%20on%20the%20Safeguarding%20Case%20Review%20Tracker",
};

/** The service desk and the feedback link, as the server is configured. */
export const service: ServiceContacts = bootstrap?.service ?? FALLBACK_SERVICE;
