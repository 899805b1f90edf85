import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./pages/App.tsx";
import { prepareFirstPage } from "./pages/first-page.ts";
import "./styles.css";

// The first render waits for the first page's code and data, fetched in parallel, so the first screen is complete.
void prepareFirstPage(window.location.pathname).then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
