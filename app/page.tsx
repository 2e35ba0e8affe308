export default function HomePage() {
  return (
    <main className="page">
      <h1>lambdalens</h1>
      <p className="lead">
        Cold starts, pre-invoke inits, concurrency and cost for your AWS Lambda functions, built from
        CloudWatch logs.
      </p>
      <section className="card">
        <p>The dashboard is coming. Analysis from the command line works today:</p>
        <pre>
          <code>npx lambdalens analyze FILE</code>
        </pre>
      </section>
    </main>
  );
}
