import Link from "next/link";

/** The range holds nothing, though the database does: say where the data is. */
export function RangeNotice({ first, last, path = "/" }: { first: string | null; last: string | null; path?: string }) {
  return (
    <section className="panel notice" role="status">
      <h2>Nothing in this range</h2>
      {first && last ? (
        <p>
          The data stored runs from {first.slice(0, 16).replace("T", " ")} to {last.slice(0, 16).replace("T", " ")} UTC. <Link href={`${path}?range=all`}>Show all of it</Link>, or pick a
          range above.
        </p>
      ) : (
        <p>
          No invocation in the database carries a time. <Link href={`${path}?range=all`}>Show all data</Link>.
        </p>
      )}
    </section>
  );
}
