/** The standards team's preview page (`scrt forms preview`): served by preview/server.ts, not by the tracker. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { PreviewPage } from "./PreviewPage.tsx";
import "../styles.css";
import "./preview.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <PreviewPage />
  </StrictMode>,
);
