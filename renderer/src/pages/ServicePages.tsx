/**
 * The pages the footer links to: the accessibility statement, the privacy notice and how to
 * contact the service desk. Anyone may read them, signed in or not. The service desk's address
 * and the feedback link are the server's configuration (renderer/src/bootstrap.ts).
 */
import type { ReactNode } from "react";
import { Link } from "react-router";
import { service } from "../bootstrap.ts";
import { SERVICE_NAME } from "./format.ts";
import { PageHeading, usePageTitle } from "./shared.tsx";

/** When the statement was last reviewed, as the GOV.UK model asks for. */
const STATEMENT_PREPARED = "2 December 2026";
/** When the privacy notice last changed. */
const NOTICE_UPDATED = "2 December 2026";

function ServicePage({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <PageHeading>{title}</PageHeading>
        {children}
      </div>
    </div>
  );
}

function ServiceDeskEmail() {
  return <a href={`mailto:${service.serviceDeskEmail}`}>{service.serviceDeskEmail}</a>;
}

/** A link that leaves the tracker opens in a new tab, and says so. */
export function FeedbackLink({ children }: { children: ReactNode }) {
  const external = /^https:/.test(service.feedbackUrl);
  return external ? (
    <a href={service.feedbackUrl} target="_blank" rel="noreferrer noopener">
      {children} (opens in new tab)
    </a>
  ) : (
    <a href={service.feedbackUrl}>{children}</a>
  );
}

export function AccessibilityStatement() {
  return (
    <ServicePage title="Accessibility statement">
      <p className="nhsuk-lede-text">
        This statement applies to the {SERVICE_NAME}, which NHS England runs for integrated care boards (ICBs), regional teams and national teams to record and follow safeguarding case reviews.
      </p>
      <p>We want as many people as possible to be able to use this service. For example, you should be able to:</p>
      <ul>
        <li>change colours, contrast levels and fonts using your browser or device settings</li>
        <li>zoom in up to 400% without the text spilling off the screen</li>
        <li>use every part of the service with a keyboard alone</li>
        <li>use the service with a screen reader, such as NVDA, JAWS or VoiceOver</li>
        <li>use the service on a phone or tablet as well as a computer</li>
      </ul>
      <p>We have also made the text as simple as we can.</p>

      <h2 className="nhsuk-heading-m">How accessible this service is</h2>
      <p>Some parts of this service may be harder to use, although they meet the standard:</p>
      <ul>
        <li>wide tables, such as the audit trail and a case's history, scroll sideways on small screens (on a phone, the list of cases shows one card for each case instead)</li>
        <li>on a small screen, some links in the header are under "More"</li>
        <li>the spreadsheet (XLSX) and CSV extracts are data files for analysis and have not been checked against accessibility standards</li>
        <li>the charts on the dashboard are pictures of data that some people cannot see: the same figures are given in a table after each chart</li>
      </ul>

      <h2 className="nhsuk-heading-m">Feedback and contact information</h2>
      <p>
        If you need information from this service in a different format, or cannot use part of it, email the service desk at <ServiceDeskEmail />. Tell us the page, what you were trying to do and the assistive technology you use, if any.
      </p>

      <h2 className="nhsuk-heading-m">Reporting accessibility problems with this service</h2>
      <p>
        We are always looking to improve the accessibility of this service. If you find any problems not listed on this page, or think we are not meeting accessibility requirements, email <ServiceDeskEmail /> or <FeedbackLink>give your feedback</FeedbackLink>.
      </p>

      <h2 className="nhsuk-heading-m">Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
        "accessibility regulations"). If you are not happy with how we respond to your complaint,{" "}
        <a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support Service (EASS)</a>.
      </p>

      <h2 className="nhsuk-heading-m">Technical information about this service's accessibility</h2>
      <p>NHS England is committed to making its websites and services accessible, in line with the accessibility regulations.</p>
      <h3 className="nhsuk-heading-s">Compliance status</h3>
      <p>
        This service is fully compliant with the <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA standard, apart from the data files described above, which are
        not web pages.
      </p>

      <h2 className="nhsuk-heading-m">What we are doing to improve accessibility</h2>
      <p>We check every page and every change before it is released, and we fix problems we find before new features are added.</p>

      <h2 className="nhsuk-heading-m">Preparation of this accessibility statement</h2>
      <p>This statement was prepared on {STATEMENT_PREPARED}.</p>
      <p>The service is tested by the team that builds it each time it changes:</p>
      <ul>
        <li>every page, in each of its states (such as error messages and empty lists), is checked with the axe accessibility engine in the Chromium browser against WCAG 2.2 A and AA</li>
        <li>pages are checked at a desktop width (1,280 pixels) and a phone width (375 pixels)</li>
        <li>the main journeys (signing in, finding, adding and changing a case, and signing out) are followed using only a keyboard, checking where focus goes after each step</li>
        <li>the service works under a strict content security policy, and with the browser's own colours and text size</li>
      </ul>
      <p>Automated checks do not find every problem. We will also ask users of assistive technology to try the service and will add what they find to this statement.</p>
    </ServicePage>
  );
}

export function PrivacyNotice() {
  return (
    <ServicePage title="Privacy notice">
      <p className="nhsuk-lede-text">
        This notice explains what information the {SERVICE_NAME} holds, why we hold it, who can see it, how long we keep it and what your rights are.
      </p>

      <h2 className="nhsuk-heading-m">Who is responsible for your information</h2>
      <p>
        NHS England is the controller for the information in this service. This means we decide how it is used and we are responsible for keeping it safe. Each integrated care board (ICB) remains responsible
        for the accuracy of what its own staff enter about its cases.
      </p>

      <h2 className="nhsuk-heading-m">What the tracker holds</h2>
      <h3 className="nhsuk-heading-s">About the people in a review</h3>
      <p>
        A safeguarding case review looks at what happened to a child or an adult who has died or been seriously harmed. The people in a review can be living or dead: the person the review is about, their family,
        the person who harmed them and the staff involved.
      </p>
      <p>
        The tracker should not hold names. Each case is recorded by its reference, with dates, the type of review, its themes (such as domestic abuse or neglect), a short summary, its findings, the learning and the
        recommendations. Even without names, these details can identify someone, and they can be about health, sex life, ethnicity or crime. We treat all of it as special category information, the most sensitive
        kind, and protect it as such.
      </p>
      <p>
        Data protection law only covers people who are alive. We keep information about people who have died just as confidential, as the NHS must.
      </p>
      <h3 className="nhsuk-heading-s">About the people who use the tracker</h3>
      <ul>
        <li>your name, work email address, role and organisation, and when you last signed in</li>
        <li>
          an audit trail: who signed in or out, who viewed, added or changed which case (which questions changed, not the answers), who downloaded an extract or viewed a dashboard, with the time and the network
          address the request came from
        </li>
        <li>answers you have typed but not yet saved (drafts), which only you can see</li>
      </ul>

      <h2 className="nhsuk-heading-m">Why we hold it and our lawful basis</h2>
      <p>
        ICBs and NHS England have legal duties to safeguard children and adults at risk, and to take part in reviews when harm has happened. These include safeguarding adult reviews (Care Act 2014), child
        safeguarding practice reviews (Children Act 2004) and domestic homicide reviews (Domestic Violence, Crime and Victims Act 2004). The tracker helps follow each review to its end, check that its
        recommendations are acted on and share what was learned across England.
      </p>
      <p>Our lawful basis for using this information is:</p>
      <ul>
        <li>UK GDPR Article 6(1)(e): it is needed to carry out a task in the public interest, or in the exercise of official authority given to us by law</li>
        <li>
          for special category information, UK GDPR Article 9(2)(g), substantial public interest, with the conditions in the Data Protection Act 2018, Schedule 1, paragraph 6 (statutory and government purposes)
          and paragraph 18 (safeguarding of children and of individuals at risk)
        </li>
      </ul>
      <p>We hold information about users and the audit trail to keep the service secure: to make sure only the right people see each case, and to find out who saw or changed what.</p>
      <p>We do not use the information to make decisions about anyone automatically.</p>

      <h2 className="nhsuk-heading-m">Who can see it</h2>
      <ul>
        <li>staff of an ICB see the cases their own ICB owns, and no other ICB's</li>
        <li>staff of an NHS England regional team see the cases of the ICBs in their region, and record the region's acceptance of recommendations</li>
        <li>NHS England's national team see every case, the audit trail and the log of extracts</li>
        <li>the data standards team see the definitions of the forms, not the cases</li>
        <li>the technical team that runs the service can reach the stored information only to keep the service working and secure</li>
      </ul>
      <p>
        People who can see cases can download them as a spreadsheet, for their own ICB, region or, for the national team, all of England. Every download is recorded. The quarterly reports to regional safeguarding
        groups give numbers, not case details.
      </p>
      <p>We do not publish case records, sell information or share it with anyone else unless the law requires us to.</p>

      <h2 className="nhsuk-heading-m">How long we keep it</h2>
      <ul>
        <li>case records, with every earlier version of each one, are kept for as long as the Records Management Code of Practice for Health and Social Care says for records of this kind, then deleted</li>
        <li>drafts are deleted automatically 30 days after they were last changed</li>
        <li>your account is deactivated, not deleted, when you leave, so that the audit trail still shows who did what</li>
        <li>the audit trail cannot be changed or deleted by anyone who uses the service</li>
      </ul>

      <h2 className="nhsuk-heading-m">Your rights</h2>
      <p>Because we use this information to carry out a public task, you have the right to:</p>
      <ul>
        <li>ask for a copy of the information we hold about you</li>
        <li>ask us to correct information that is wrong</li>
        <li>object to how we use your information, or ask us to limit it while we look into a concern</li>
        <li>ask us to delete information, although we may need to keep it to carry out our legal duties</li>
      </ul>
      <p>
        To use any of these rights, email the service desk at <ServiceDeskEmail />. We will pass your request to NHS England's Data Protection Officer and reply within 1 month.
      </p>

      <h2 className="nhsuk-heading-m">How to complain</h2>
      <p>
        If you are unhappy with how we have used your information, email the service desk at <ServiceDeskEmail /> and ask for your complaint to go to NHS England's Data Protection Officer.
      </p>
      <p>
        If you are still unhappy, you can complain to the Information Commissioner's Office (ICO), the UK's independent regulator for data protection.{" "}
        <a href="https://ico.org.uk/make-a-complaint/">Make a complaint on the ICO website</a>.
      </p>

      <h2 className="nhsuk-heading-m">Cookies</h2>
      <p>The tracker uses one cookie, to keep you signed in. It is deleted when you sign out or your session ends. We do not use cookies for analytics or advertising.</p>

      <h2 className="nhsuk-heading-m">Changes to this notice</h2>
      <p>We will update this notice when we change how we use information. It was last updated on {NOTICE_UPDATED}.</p>
    </ServicePage>
  );
}

export function ContactPage() {
  return (
    <ServicePage title="Contact the service desk">
      <p className="nhsuk-lede-text">The NHS England service desk helps people who use the {SERVICE_NAME}.</p>
      <h2 className="nhsuk-heading-m">Email</h2>
      <p>
        <ServiceDeskEmail />
      </p>
      <p>Tell us your name, your organisation and what you need. We will reply to the address you write from.</p>
      <p>Do not send case details by email. Give the case's reference instead, and we will look it up in the tracker.</p>

      <h2 className="nhsuk-heading-m">What to contact us about</h2>
      <ul>
        <li>you cannot sign in, or need an account for yourself or a colleague</li>
        <li>you can see a case you should not, or cannot see one you should</li>
        <li>something in the tracker does not work or is hard to use</li>
        <li>you need information in a different format</li>
      </ul>
      <p>For questions about a particular review, contact the safeguarding lead of the integrated care board that owns it.</p>

      <h2 className="nhsuk-heading-m">If information has been seen by the wrong person</h2>
      <p>
        If you think someone has seen case information they should not, or it has been sent to the wrong person, email us straight away and tell your organisation's information governance lead. Do not send the
        information itself.
      </p>

      <h2 className="nhsuk-heading-m">Your own information</h2>
      <p>
        To ask for a copy of the information we hold about you, or to complain about how we use it, see the <Link to="/privacy">privacy notice</Link>.
      </p>

      <h2 className="nhsuk-heading-m" id="feedback">
        Give feedback
      </h2>
      <p>
        This is a new service and your feedback helps us improve it. <FeedbackLink>Give your feedback</FeedbackLink>.
      </p>
    </ServicePage>
  );
}
