/**
 * The markup the form module draws, rendered to HTML on the server (no DOM needed): NHS.UK
 * frontend classes and ids, accessible wiring, no inline styles, read-only answers as text.
 * Interaction (typing, focus) is covered by the browser tests.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { type CompiledForm, compileRecordValidator, type RecordValidator, type WriterRole } from "../../../engine/index.ts";
import { AnswersSummary, CaseForm, formatAnswer } from "./index.ts";
import type { FieldError } from "../api.ts";
import { actionPlan, minimalCase, scrt, TODAY } from "./test-fixtures.ts";
import { characterCountMessage, inputWidthClass } from "./theme/index.ts";

let engines: Map<CompiledForm, RecordValidator>;
beforeAll(async () => {
  engines = new Map();
  for (const form of [scrt, actionPlan]) engines.set(form, (await compileRecordValidator(form)).validate);
});

function renderForm(form: CompiledForm, data: Record<string, unknown>, options: { writerRole?: WriterRole | null; serverErrors?: FieldError[]; errorTitle?: string } = {}): string {
  return renderToStaticMarkup(
    createElement(CaseForm, {
      form,
      validate: engines.get(form)!,
      initialData: data,
      writerRole: options.writerRole === undefined ? "editor" : options.writerRole,
      today: TODAY,
      onSubmit() {},
      submitLabel: "Continue",
      ...(options.serverErrors ? { serverErrors: options.serverErrors } : {}),
      ...(options.errorTitle ? { errorTitle: options.errorTitle } : {}),
    }),
  );
}

describe("the case form's markup (S-CRT 2.0)", () => {
  it("has no inline styles or scripts, and every button says what it does", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('<button type="submit" class="nhsuk-button">Continue</button>');
    expect(html.match(/<button/g)).toHaveLength(1);
  });

  it("draws sections as h2 headings, leaving out sections whose items are all hidden", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).toContain('<h2 class="nhsuk-heading-m">Case details</h2>');
    expect(html).toContain('<h2 class="nhsuk-heading-m">Learning</h2>');
    const sections = [...scrt.sections, { id: "closing", title: "Closing", items: ["date_closed"] }].map((s) => (s.id === "case" ? { ...s, items: s.items.filter((k) => k !== "date_closed") } : s));
    const onlyDates = { ...scrt, sections, uiSchema: { ...scrt.uiSchema, "ui:order": sections.flatMap((s) => s.items), "ui:options": { sections } } };
    expect(renderForm(onlyDates, minimalCase())).not.toContain(">Closing</h2>");
    expect(renderForm(onlyDates, { ...minimalCase(), status: "closed" })).toContain('<h2 class="nhsuk-heading-m">Closing</h2>');
  });

  it("draws a follow-on question under the option that reveals it (NHS conditional reveal)", () => {
    const open = renderForm(scrt, minimalCase());
    expect(open).not.toContain("root_date_closed");
    expect(open).not.toContain("nhsuk-radios__conditional");
    const closed = renderForm(scrt, { ...minimalCase(), status: "closed" });
    // The closing date sits in the conditional block straight after the "Closed" option, which controls it.
    expect(closed).toMatch(
      /<input class="nhsuk-radios__input" id="root_status-2" type="radio" aria-controls="root_status-2-conditional" name="root_status" checked="" value="closed"\/><label[^>]*>Closed<\/label><\/div><div class="nhsuk-radios__conditional" id="root_status-2-conditional"><div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset" role="group"[^>]*><legend class="nhsuk-fieldset__legend">When was the case closed\?<\/legend>/,
    );
    expect(closed.match(/id="root_date_closed-day"/g)).toHaveLength(1);
    // Both DHR questions are revealed under the DHR option of the type of review.
    const dhr = renderForm(scrt, { ...minimalCase(), review_type: "dhr" });
    const block = dhr.slice(dhr.indexOf('id="root_review_type-2-conditional"'));
    expect(block.indexOf("root_icb_chief_nurse_assured")).toBeGreaterThan(0);
    expect(block.indexOf("root_regional_chief_nurse_accepted")).toBeGreaterThan(0);
    expect(block.indexOf("root_regional_chief_nurse_accepted")).toBeLessThan(block.indexOf('id="root_review_type-3"'));
  });

  it("labels text inputs with their questions, with hint ids wired to aria-describedby and widths from the definition", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).toContain('<label class="nhsuk-label" for="root_steis_or_local_id">What is the StEIS number or local identifier?</label>');
    expect(html).toContain('<div class="nhsuk-hint" id="root_steis_or_local_id-hint">');
    expect(html).toMatch(/<input class="nhsuk-input nhsuk-input--width-20" id="root_steis_or_local_id" type="text"[^>]*aria-describedby="root_steis_or_local_id-hint"/);
    expect(html).toMatch(/<input class="nhsuk-input nhsuk-input--width-4" id="root_designated_professional_initials"/);
    expect(html).toMatch(/<input class="nhsuk-input" id="root_report_link" type="url" spellCheck="false"/);
  });

  it("marks optional questions, and not the ones required for these answers", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).toContain(">What is the latest update on the case? (optional)</label>");
    expect(html).toContain(">When was the latest update made? (optional)</legend>");
    expect(html).toContain(">Give a brief overview of the case</label>");
    expect(renderForm(scrt, { ...minimalCase(), latest_update: "Met" })).toContain(">When was the latest update made?</legend>");
  });

  it("draws dates as three numeric boxes in a fieldset, with the example hint", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).toContain('<fieldset class="nhsuk-fieldset" role="group" aria-describedby="root_incident_date-hint"><legend class="nhsuk-fieldset__legend">When did the incident happen?</legend><div class="nhsuk-hint" id="root_incident_date-hint">For example, 27 3 2024</div>');
    for (const [box, value] of [["day", "5"], ["month", "3"], ["year", "2024"]]) {
      expect(html).toMatch(new RegExp(`<label class="nhsuk-label nhsuk-date-input__label" for="root_incident_date-${box}">`));
      expect(html).toMatch(new RegExp(`<input class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-${box === "year" ? 4 : 2}" id="root_incident_date-${box}" type="text" inputMode="numeric"[^>]*value="${value}"`));
    }
  });

  it("draws choices as NHS radios and checkboxes in fieldsets, the first option carrying the field's id", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).toContain('<fieldset class="nhsuk-fieldset"><legend class="nhsuk-fieldset__legend">Is the case open or closed?</legend><div class="nhsuk-radios">');
    expect(html).toMatch(/<input class="nhsuk-radios__input" id="root_status" type="radio" name="root_status" checked="" value="open"\/><label class="nhsuk-label nhsuk-radios__label" for="root_status">Open<\/label>/);
    expect(html).toMatch(/id="root_status-2" type="radio" name="root_status" value="closed"/);
    expect(html).toContain('<fieldset class="nhsuk-fieldset" aria-describedby="root_themes-hint"><legend class="nhsuk-fieldset__legend">Which abuse or vulnerability themes apply to the case?</legend>');
    expect(html).toMatch(/<input class="nhsuk-checkboxes__input" id="root_themes-8" type="checkbox" name="root_themes" checked="" value="organisational"\/>/);
  });

  it("draws long text with the NHS character count", () => {
    const html = renderForm(scrt, minimalCase());
    expect(html).toContain('<div class="nhsuk-form-group nhsuk-character-count" data-nhsuk-character-count-init=""><label class="nhsuk-label" for="root_brief_overview">');
    expect(html).toMatch(/<textarea class="nhsuk-textarea nhsuk-js-character-count" id="root_brief_overview" name="root_brief_overview" rows="5" aria-describedby="root_brief_overview-info root_brief_overview-hint">/);
    expect(html).toContain('<div class="nhsuk-hint nhsuk-character-count__message nhsuk-u-visually-hidden" id="root_brief_overview-info">You can enter up to 4,000 characters</div>');
    expect(html).toContain('<div class="nhsuk-character-count__sr-status nhsuk-u-visually-hidden" aria-live="polite">You have 3,954 characters remaining</div>');
  });

  it("shows the server's errors in the error summary and on their fields", () => {
    const html = renderForm(scrt, minimalCase(), {
      serverErrors: [
        { path: "/date_added", code: "not_after", message: "Date added must be today or in the past" },
        { path: "/steis_or_local_id", code: "unique", message: "Another case in your ICB already has this StEIS number or local identifier" },
        { path: "/review_type", code: "required", message: "Select type of review" },
      ],
    });
    expect(html).toMatch(/^<div><form class="app-case-form" noValidate=""><div class="nhsuk-error-summary" id="error-summary" tabindex="-1"><div role="alert"><h2 class="nhsuk-error-summary__heading">There is a problem<\/h2>/);
    expect(html).toContain('<li><a href="#root_date_added-day">Date added must be today or in the past</a></li>');
    expect(html).toContain('<li><a href="#root_steis_or_local_id">Another case in your ICB already has this StEIS number or local identifier</a></li>');
    expect(html).toContain('<li><a href="#root_review_type">Select type of review</a></li>');
    expect(html).toContain('<span class="nhsuk-error-message" id="root_steis_or_local_id-error"><span class="nhsuk-u-visually-hidden">Error:</span> Another case');
    expect(html).toMatch(/<div class="nhsuk-form-group nhsuk-form-group--error"><label class="nhsuk-label" for="root_steis_or_local_id">/);
    expect(html).toMatch(/class="nhsuk-input nhsuk-input--width-20 nhsuk-input--error" id="root_steis_or_local_id"[^>]*aria-describedby="root_steis_or_local_id-hint root_steis_or_local_id-error"/);
    expect(html).toContain('<fieldset class="nhsuk-fieldset" role="group" aria-describedby="root_date_added-hint root_date_added-error">');
    expect(html).toMatch(/class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-2 nhsuk-input--error" id="root_date_added-day"/);
    expect(renderForm(scrt, minimalCase(), { serverErrors: [{ path: "/date_added", code: "x", message: "No" }], errorTitle: "Your case was not saved" })).toContain(
      '<h2 class="nhsuk-error-summary__heading">Your case was not saved</h2>',
    );
  });

  it("leaves out of the summary server errors about items that are not shown", () => {
    const html = renderForm(scrt, minimalCase(), { serverErrors: [{ path: "/date_closed", code: "forbidden", message: "Date closed must be left empty while the case is open" }] });
    expect(html).not.toContain("nhsuk-error-summary");
  });

  it("shows items the user may not write as text under their label, not as inputs", () => {
    const data = { ...minimalCase(), review_type: "dhr", icb_chief_nurse_assured: "yes", latest_update: "Line one\nLine two" };
    const regional = renderForm(scrt, data, { writerRole: "regional" });
    expect(regional).not.toMatch(/<(input|textarea|select)[^>]*id="root_(status|date_added|brief_overview|themes|icb_chief_nurse_assured)[-"]/);
    expect(regional).toContain('<p class="nhsuk-label" id="root_icb_chief_nurse_assured-label">Is the ICB Chief Nurse assured about the review&#x27;s health recommendations?</p>');
    // No input hints on answers that cannot be changed here.
    expect(regional).not.toContain("root_designated_professional-hint");
    expect(regional).toMatch(/<div class="nhsuk-body app-readonly-answer__value" id="root_icb_chief_nurse_assured" tabindex="-1" role="group" aria-labelledby="root_icb_chief_nurse_assured-label">Yes<\/div>/);
    expect(regional).toMatch(/id="root_date_added"[^>]*>12 March 2024<\/div>/);
    expect(regional).toMatch(/id="root_themes"[^>]*><ul class="nhsuk-list nhsuk-list--bullet"><li>Organisational or institutional abuse<\/li><\/ul>|id="root_themes"[^>]*>Organisational or institutional abuse<\/div>/);
    expect(regional).toContain('<span class="app-preserve-lines">Line one\nLine two</span>');
    // The item they may write is a question as usual.
    expect(regional).toMatch(/<input class="nhsuk-radios__input" id="root_regional_chief_nurse_accepted" type="radio"/);
    const editor = renderForm(scrt, data);
    expect(editor).toMatch(/id="root_regional_chief_nurse_accepted"[^>]*>Not answered<\/div>/);
  });
});

describe("the case form's markup for a repeating group (action plan)", () => {
  const plan = (recommendations: unknown[]) => ({ plan_status: "open", recommendations });

  it("draws each entry as a fieldset with its legend and Remove button, then Add another", () => {
    const html = renderForm(actionPlan, plan([{ status: "not_started" }, { status: "complete" }]));
    expect(html).toContain('<fieldset class="nhsuk-fieldset app-group-entry" id="root_recommendations_0-entry"><legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Recommendation 1</legend>');
    expect(html).toContain(">Recommendation 2</legend>");
    expect(html).toContain('<button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small">Remove recommendation 1</button>');
    expect(html).toContain('<button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small">Remove recommendation 2</button>');
    expect(html).toContain('<button type="button" id="root_recommendations-add" class="nhsuk-button nhsuk-button--secondary">Add another recommendation</button>');
    expect(html).toContain('<label class="nhsuk-label" for="root_recommendations_1_owner">Action owner</label>');
    expect(html.match(/<button type="submit"/g)).toHaveLength(1);
  });

  it("shows an entry's items by that entry's answers", () => {
    const html = renderForm(actionPlan, plan([{ status: "not_started" }, { status: "complete" }]));
    expect(html).not.toContain("root_recommendations_0_completed_date");
    expect(html).toContain('id="root_recommendations_1_completed_date-day"');
  });

  it("offers a retired code only to an entry that already has it", () => {
    const html = renderForm(actionPlan, plan([{ status: "not_started" }, { status: "overdue" }]));
    expect(html).not.toMatch(/name="root_recommendations_0_status"[^>]*value="overdue"/);
    expect(html).toMatch(/name="root_recommendations_1_status" checked="" value="overdue"/);
    expect(html).toContain('class="nhsuk-hint nhsuk-radios__hint" id="root_recommendations_1_status-4-item-hint">No longer recorded by hand');
  });

  it("offers to add the first entry when there are none", () => {
    const html = renderForm(actionPlan, plan([]));
    expect(html).toContain(">Add a recommendation</button>");
    expect(html).not.toContain("app-group-entry");
  });
});

describe("AnswersSummary", () => {
  const render = (form: CompiledForm, data: Record<string, unknown>, extra: object = {}) => renderToStaticMarkup(createElement(AnswersSummary, { form, data, ...extra }));

  it("lists answers per section in NHS summary lists, in words", () => {
    const html = render(scrt, { ...minimalCase(), themes: ["domestic", "neglect"], latest_update: "One\nTwo" });
    expect(html).toContain('<h2 class="nhsuk-heading-m">Case details</h2><dl class="nhsuk-summary-list">');
    expect(html).toContain('<dt class="nhsuk-summary-list__key">Date added</dt><dd class="nhsuk-summary-list__value">12 March 2024</dd>');
    expect(html).toContain('<dd class="nhsuk-summary-list__value">Serious Incident</dd>');
    expect(html).toContain('<ul class="nhsuk-list nhsuk-list--bullet"><li>Domestic abuse, including coercive control</li><li>Neglect or acts of omission</li></ul>');
    expect(html).toContain('<span class="app-preserve-lines">One\nTwo</span>');
    expect(html).toContain('<dt class="nhsuk-summary-list__key">Lessons learned</dt><dd class="nhsuk-summary-list__value">Not answered</dd>');
    expect(html).not.toContain("Date closed");
    expect(html).not.toContain("Domestic Homicide Review health recommendations");
    expect(html).not.toMatch(/\sstyle=/);
  });

  it("leaves out blank answers when asked", () => {
    const html = render(scrt, minimalCase(), { showEmpty: false });
    expect(html).not.toContain("Not answered");
    expect(html).not.toContain("<h2 class=\"nhsuk-heading-m\">Learning</h2>");
  });

  it("adds Change links to the field, with the question for screen readers", () => {
    const html = render(scrt, minimalCase(), { changeHref: (key: string) => `/c/s-crt/1/edit?item=${key}` });
    expect(html).toContain('<dd class="nhsuk-summary-list__actions"><a class="nhsuk-link" href="/c/s-crt/1/edit?item=date_added#root_date_added-day">Change<span class="nhsuk-u-visually-hidden"> Date added</span></a></dd>');
    expect(html).toContain('href="/c/s-crt/1/edit?item=status#root_status"');
    // A URL with its own fragment is used as it is.
    expect(render(scrt, minimalCase(), { changeHref: (key: string) => `#${key}` })).toContain('href="#status"');
  });

  it("lists a group entry by entry", () => {
    const html = render(actionPlan, { plan_status: "open", recommendations: [{ owner: "GP team", status: "complete", completed_date: "2025-01-31" }, { owner: "Ward", status: "overdue" }] });
    expect(html).toContain('<h3 class="nhsuk-heading-s">Recommendation 1</h3><dl class="nhsuk-summary-list">');
    expect(html).toContain('<dd class="nhsuk-summary-list__value">31 January 2025</dd>');
    expect(html).toContain('<h3 class="nhsuk-heading-s">Recommendation 2</h3>');
    expect(html).toContain('<dd class="nhsuk-summary-list__value">Overdue</dd>');
    expect(html.match(/Date completed/g)).toHaveLength(1);
  });

  it("links web addresses only when they are web addresses", () => {
    expect(render(scrt, { ...minimalCase(), report_link: "https://example.org/r.pdf" })).toContain('<a class="nhsuk-link app-break-words" href="https://example.org/r.pdf" rel="noreferrer noopener">');
    expect(render(scrt, { ...minimalCase(), report_link: "javascript:alert(1)" })).not.toContain('href="javascript');
  });
});

describe("formatAnswer and helpers", () => {
  it("gives one answer as text", () => {
    expect(formatAnswer(scrt, "date_added", "2024-03-03")).toBe("3 March 2024");
    expect(formatAnswer(scrt, "status", "closed")).toBe("Closed");
    expect(formatAnswer(scrt, "themes", ["domestic", "neglect"])).toBe("Domestic abuse, including coercive control, Neglect or acts of omission");
    expect(formatAnswer(scrt, "latest_update", "  ")).toBe("Not answered");
    expect(formatAnswer(scrt, "status", "unknown_code")).toBe("unknown_code");
    expect(formatAnswer(actionPlan, "recommendations.status", "in_progress")).toBe("In progress");
    expect(formatAnswer(actionPlan, "/recommendations/0/due_date", "2025-01-31")).toBe("31 January 2025");
    expect(formatAnswer(actionPlan, "recommendations", [{}, {}])).toBe("2 recommendations");
    expect(formatAnswer(scrt, "colour", "blue")).toBe("blue");
  });

  it("counts characters as the NHS character count does", () => {
    expect(characterCountMessage(3)).toBe("You have 3 characters remaining");
    expect(characterCountMessage(1)).toBe("You have 1 character remaining");
    expect(characterCountMessage(0)).toBe("You have 0 characters remaining");
    expect(characterCountMessage(-1)).toBe("You have 1 character too many");
    expect(characterCountMessage(-1200)).toBe("You have 1,200 characters too many");
  });

  it("sizes inputs by their maximum length", () => {
    expect(inputWidthClass(4)).toBe("nhsuk-input--width-4");
    expect(inputWidthClass(30)).toBe("nhsuk-input--width-30");
    expect(inputWidthClass("full")).toBeUndefined();
    expect(inputWidthClass(undefined)).toBeUndefined();
  });
});
