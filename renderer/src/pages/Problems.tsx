/** Not-found, no-access and service-problem pages, and the choice between them for an error. */
import { useEffect } from "react";
import { Link, isRouteErrorResponse, useRouteError } from "react-router";
import { ApiError } from "../api.ts";
import { Loading, PageHeading, usePageTitle, useSession } from "./shared.tsx";

export function NotFound({ what = "Page" }: { what?: string }) {
  const title = `${what} not found`;
  usePageTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {what === "Page" ? (
        <p className="nhsuk-body">If you typed the web address, check it is correct.</p>
      ) : (
        <p className="nhsuk-body">The {what.toLowerCase()} may not exist, or it may belong to an organisation whose cases you cannot see.</p>
      )}
      <p className="nhsuk-body">
        <Link to="/">Go to the list of cases</Link>
      </p>
    </>
  );
}

export function NoAccess({ message }: { message: string }) {
  usePageTitle("You cannot view this page", true);
  return (
    <>
      <PageHeading>You cannot view this page</PageHeading>
      <p className="nhsuk-body">{message}</p>
      <p className="nhsuk-body">If you think you should have access, contact your organisation's tracker administrator.</p>
    </>
  );
}

export function ServiceProblem({ detail }: { detail?: string }) {
  usePageTitle("Sorry, there is a problem with the service", true);
  return (
    <>
      <PageHeading>Sorry, there is a problem with the service</PageHeading>
      <p className="nhsuk-body">Try again later.</p>
      {detail ? <p className="nhsuk-body">{detail}</p> : null}
      <p className="nhsuk-body">Any answers you have not saved have not been kept.</p>
    </>
  );
}

/** The page for an error from loading data: 404 is "<what> not found", 401 goes to sign-in. */
export function ErrorView({ error, what = "Page" }: { error: unknown; what?: string }) {
  const { setSession } = useSession();
  const status = error instanceof ApiError ? error.status : 500;
  useEffect(() => {
    // The session has ended: RequireUser sends the user to sign in.
    if (status === 401) setSession(null);
    // Anything that is not an answer from the API is a bug worth seeing in the console.
    if (!(error instanceof ApiError)) console.error(error);
  }, [status, setSession, error]);
  if (status === 401) return <Loading what="Your session has ended. Going to sign in" />;
  if (status === 404) return <NotFound what={what} />;
  if (status === 403 && error instanceof ApiError) return <NoAccess message={error.message} />;
  if (status === 0 && error instanceof ApiError) return <ServiceProblem detail={error.message} />;
  return <ServiceProblem />;
}

/** Route error element: a thrown render error or an unknown route. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return <ErrorView error={error} />;
}
