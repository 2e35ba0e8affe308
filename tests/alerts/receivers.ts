import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  status: number;
}

/** Resolves when `check` holds, polling; the test's own timeout bounds it. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * An HTTP receiver on 127.0.0.1 that answers 500 to the first `failFirst` requests (or
 * holds them unanswered when `hold` is set) and 200 after that, keeping every request.
 */
export async function httpReceiver(o: { failFirst?: number; hold?: number } = {}) {
  const received: Received[] = [];
  const held: (() => void)[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const i = n++;
      const body = Buffer.concat(chunks).toString("utf8");
      if (i < (o.hold ?? 0)) {
        received.push({ headers: req.headers, body, status: 0 });
        held.push(() => res.destroy());
        return;
      }
      const status = i < (o.failFirst ?? 0) ? 500 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try later");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered: () => received.filter((r) => r.status === 200),
    close: async () => {
      for (const h of held) h();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server on 127.0.0.1 (no TLS, no auth) keeping every message it accepts. */
export async function smtpReceiver() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return { host: "127.0.0.1", port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
