// A real SMTP server for the tests, run as its own process: `node smtp-sink-server.mjs <messages file>`.
// Listens on 127.0.0.1 (a free port, printed as "listening <port>"), accepts AUTH PLAIN/LOGIN for the
// user and password in SMTP_SINK_USER / SMTP_SINK_PASSWORD (535 otherwise), refuses the recipient
// "refused@example.com" with 550, and appends each message to the file as one JSON line:
// { "from", "to": [...], "user", "raw" }. No TLS: the tests send with security "none".
import fs from "node:fs";
import { SMTPServer } from "smtp-server";

const file = process.argv[2];
const USER = process.env.SMTP_SINK_USER ?? "alerts";
const PASSWORD = process.env.SMTP_SINK_PASSWORD ?? "s3cret";

const server = new SMTPServer({
  secure: false,
  disabledCommands: ["STARTTLS"],
  authOptional: true,
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: auth.username });
    const error = new Error("Authentication failed");
    error.responseCode = 535;
    return callback(error);
  },
  onRcptTo(address, _session, callback) {
    if (address.address === "refused@example.com") {
      const error = new Error("No such mailbox");
      error.responseCode = 550;
      return callback(error);
    }
    return callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      const message = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((r) => r.address),
        user: session.user ?? null,
        raw: Buffer.concat(chunks).toString("utf8"),
      };
      fs.appendFileSync(file, `${JSON.stringify(message)}\n`);
      callback(null, "Queued by the test sink");
    });
  },
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${server.server.address().port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
