export function App() {
  return <p className="nhsuk-body">Loading</p>;
}
