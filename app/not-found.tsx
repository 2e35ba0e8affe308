import Link from "next/link";

export default function NotFoundPage() {
  return (
    <section className="panel narrow">
      <h1>Not found</h1>
      <p>
        There is no such function or page. The <Link href="/?range=all">functions page</Link> lists every function in the database.
      </p>
    </section>
  );
}
