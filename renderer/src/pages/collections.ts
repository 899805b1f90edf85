/** The collection the tracker opens on (its case list is the home page; its learning library is /learning). */
export const HOME_COLLECTION = "s-crt";
