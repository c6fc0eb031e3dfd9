/**
 * Alert destinations: the settings of each kind (webhook, Slack incoming webhook, email over SMTP), their
 * zod schemas, how they are shown (with secrets masked) and how an edit form's fields become settings
 * again. Secrets are the path and query of webhook and Slack URLs (where their tokens live), header
 * values and the SMTP password; they never leave the server in full. A form field left masked (or
 * empty) keeps the stored secret.
 */
import { z } from "zod";

export const DESTINATION_KINDS = ["webhook", "slack", "email"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const DESTINATION_KIND_LABELS: Record<DestinationKind, string> = { webhook: "Webhook", slack: "Slack", email: "Email" };

export const SMTP_SECURITY = ["tls", "starttls", "none"] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

/** Short enough for a phone's select; the README says what each means. */
export const SMTP_SECURITY_LABELS: Record<SmtpSecurity, string> = {
  tls: "TLS (465)",
  starttls: "STARTTLS (587)",
  none: "None (25)",
};

/** The port each security mode usually runs on, used when the form leaves the port empty. */
export const SMTP_DEFAULT_PORTS: Record<SmtpSecurity, number> = { tls: 465, starttls: 587, none: 25 };

export interface WebhookConfig {
  url: string;
  /** Sent with every request, e.g. Authorization; values are secrets. */
  headers: { name: string; value: string }[];
}

export interface SlackConfig {
  /** The incoming-webhook URL, e.g. https://hooks.slack.com/services/T…/B…/…; its path is the secret. */
  url: string;
}

export interface EmailConfig {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
}

export type DestinationSettings =
  | { kind: "webhook"; config: WebhookConfig }
  | { kind: "slack"; config: SlackConfig }
  | { kind: "email"; config: EmailConfig };

/** What stands in for a secret wherever one would be shown. */
export const SECRET_MASK = "••••••••";
const MASK_CHARS = /[•…]/;

const MAX_HEADERS = 20;
const MAX_RECIPIENTS = 50;
/** Headers Tally sets itself: a destination cannot replace them. */
const RESERVED_HEADERS = new Set(["host", "content-type", "content-length", "transfer-encoding", "connection"]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A host name or an IPv4/IPv6 address, without a scheme, port or path. */
const HOST = /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:.]+|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$/;

// ---------------------------------------------------------------------------------------------------
// Schemas of the stored settings (also what the form's fields are checked into).

const urlSchema = z
  .string({ error: "Enter the URL." })
  .trim()
  .min(1, "Enter the URL.")
  .max(2000, "Use a URL of at most 2,000 characters.")
  .refine((text) => !MASK_CHARS.test(text), "Paste the whole URL, or leave the masked one as it was to keep the stored URL.")
  .refine((text) => URL.canParse(text), "Enter a full URL, like https://example.com/hooks/tally.")
  .refine((text) => !URL.canParse(text) || /^https?:$/.test(new URL(text).protocol), "Use an http:// or https:// URL.");

const headerSchema = z.object({
  name: z
    .string()
    .regex(HEADER_NAME, "A header name is letters, digits and - (like Authorization).")
    .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), "Tally sets this header itself."),
  value: z
    .string()
    .min(1, "Give every header a value.")
    .max(4000, "A header value can be at most 4,000 characters.")
    .refine((value) => !/[\r\n\0]/.test(value), "A header value cannot contain line breaks."),
});

export const webhookConfigSchema = z.object({
  url: urlSchema,
  headers: z
    .array(headerSchema)
    .max(MAX_HEADERS, `Use at most ${MAX_HEADERS} headers.`)
    .refine((headers) => new Set(headers.map((h) => h.name.toLowerCase())).size === headers.length, "Give each header once."),
});

export const slackConfigSchema = z.object({ url: urlSchema });

const addressSchema = z.email({ error: (issue) => `"${String(issue.input)}" is not an email address.` });

export const emailConfigSchema = z
  .object({
    host: z
      .string({ error: "Enter the SMTP server's host name." })
      .trim()
      .min(1, "Enter the SMTP server's host name.")
      .max(253, "Use a host name of at most 253 characters.")
      .regex(HOST, "Enter only the host name, like smtp.example.com (no scheme, port or path)."),
    port: z.number({ error: "Enter a port from 1 to 65535." }).int("Enter a port from 1 to 65535.").min(1, "Enter a port from 1 to 65535.").max(65535, "Enter a port from 1 to 65535."),
    security: z.enum(SMTP_SECURITY, { error: "Choose how to secure the connection." }),
    user: z.string().trim().max(320, "Use a user name of at most 320 characters.").nullable(),
    password: z.string().max(1000, "Use a password of at most 1,000 characters.").nullable(),
    from: z.string({ error: "Enter the sender's address." }).trim().min(1, "Enter the sender's address, like alerts@example.com.").pipe(addressSchema),
    to: z
      .array(z.string().trim().pipe(addressSchema))
      .min(1, "Enter at least one recipient.")
      .max(MAX_RECIPIENTS, `Use at most ${MAX_RECIPIENTS} recipients.`),
  })
  .refine((c) => c.password === null || c.user !== null, { path: ["user"], message: "A password needs a user name." });

/** The stored settings of one kind, checked; throws a ZodError naming the field (tests, the server's re-check). */
export function parseDestinationConfig(kind: DestinationKind, config: unknown): DestinationSettings {
  if (kind === "webhook") return { kind, config: webhookConfigSchema.parse(config) };
  if (kind === "slack") return { kind, config: slackConfigSchema.parse(config) };
  return { kind, config: emailConfigSchema.parse(config) };
}

// ---------------------------------------------------------------------------------------------------
// Masking.

/**
 * A URL with its secrets masked: scheme, host and port stay, as does the first path segment when more
 * follow (like Slack's /services); of the next segment only two characters show, and anything after
 * it, the query, credentials and fragment are masked. "https://hooks.slack.com/services/T0ABC/B0DEF/xyz"
 * becomes "https://hooks.slack.com/services/T0…/•••".
 */
export function maskUrl(url: string): string {
  if (!URL.canParse(url)) return SECRET_MASK;
  const parsed = new URL(url);
  const credentials = parsed.username || parsed.password ? `${SECRET_MASK}@` : "";
  const segments = parsed.pathname.split("/").filter(Boolean);
  const shown: string[] = [];
  if (segments.length > 1) shown.push(segments.shift()!);
  if (segments.length) {
    shown.push(`${segments.shift()!.slice(0, 2)}…`);
  }
  if (segments.length) shown.push("•••");
  const path = shown.length ? `/${shown.join("/")}` : parsed.pathname === "/" ? "/" : "";
  const query = parsed.search ? "?•••" : "";
  return `${parsed.protocol}//${credentials}${parsed.host}${path}${query}`;
}

/** One line saying where a destination delivers, with secrets masked. */
export function destinationTarget(settings: DestinationSettings): string {
  if (settings.kind === "email") {
    const c = settings.config;
    return `${c.to.join(", ")} via ${c.host}:${c.port}`;
  }
  return maskUrl(settings.config.url);
}

/** The edit form's fields, as text. */
export interface DestinationFormFields {
  url: string;
  /** One header a line, "Name: value". */
  headers: string;
  host: string;
  port: string;
  security: string;
  user: string;
  password: string;
  from: string;
  /** Addresses separated by commas, spaces or lines. */
  to: string;
}

export const EMPTY_FORM_FIELDS: DestinationFormFields = {
  url: "",
  headers: "",
  host: "",
  port: "",
  security: "starttls",
  user: "",
  password: "",
  from: "",
  to: "",
};

/**
 * The edit form's starting values for stored settings, with every secret masked: the URL as maskUrl
 * shows it, header values and the password as SECRET_MASK (the password empty when there is none).
 */
export function maskedFormFields(settings: DestinationSettings): DestinationFormFields {
  if (settings.kind === "webhook") {
    return {
      ...EMPTY_FORM_FIELDS,
      url: maskUrl(settings.config.url),
      headers: settings.config.headers.map((h) => `${h.name}: ${SECRET_MASK}`).join("\n"),
    };
  }
  if (settings.kind === "slack") return { ...EMPTY_FORM_FIELDS, url: maskUrl(settings.config.url) };
  const c = settings.config;
  return {
    ...EMPTY_FORM_FIELDS,
    host: c.host,
    port: String(c.port),
    security: c.security,
    user: c.user ?? "",
    password: c.password ? SECRET_MASK : "",
    from: c.from,
    to: c.to.join(", "),
  };
}

// ---------------------------------------------------------------------------------------------------
// From the form back to settings.

export type DestinationField = "name" | "kind" | keyof DestinationFormFields;

export type ParsedDestinationForm =
  | { ok: true; name: string; enabled: boolean; settings: DestinationSettings }
  | { ok: false; fieldErrors: Partial<Record<DestinationField, string[]>> };

export const destinationNameSchema = z
  .string({ error: "Enter a name for the destination." })
  .trim()
  .min(1, "Enter a name for the destination.")
  .max(100, "Use at most 100 characters.");

const kindSchema = z.enum(DESTINATION_KINDS, { error: "Choose webhook, Slack or email." });

/** "Name: value" lines (blank lines skipped) into headers; a line without a colon is an error for that line. */
function readHeaderLines(text: string): { headers: { name: string; value: string }[]; problems: string[] } {
  const headers: { name: string; value: string }[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      problems.push(`Line ${index + 1}: write a header as "Name: value".`);
      return;
    }
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  });
  return { headers, problems };
}

/**
 * Zod's issues as messages per form field. zod runs every check of a value even after one failed, so
 * only the first issue for each value is kept: an empty host says "enter the host", not also "bad host".
 */
function issuesByField(error: z.ZodError): Partial<Record<DestinationField, string[]>> {
  const out: Partial<Record<DestinationField, string[]>> = {};
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".");
    if (seen.has(path)) continue;
    seen.add(path);
    const field = String(issue.path[0] ?? "") as DestinationField;
    const message = issue.path[0] === "headers" && typeof issue.path[1] === "number" ? `Header ${issue.path[1] + 1}: ${issue.message}` : issue.message;
    (out[field] ??= []).push(message);
  }
  return out;
}

/**
 * Checks a submitted form and turns it into settings. With `stored` (an edit of a destination of the
 * same kind), a URL, header value or password left masked or empty keeps the stored one; a header
 * removed from the list is dropped, and a password goes when the user name is cleared.
 */
export function parseDestinationForm(
  input: { name: unknown; kind: unknown; enabled: boolean; fields: Partial<DestinationFormFields> },
  stored?: DestinationSettings | null,
): ParsedDestinationForm {
  const fieldErrors: Partial<Record<DestinationField, string[]>> = {};
  const name = destinationNameSchema.safeParse(input.name);
  if (!name.success) fieldErrors.name = name.error.issues.map((i) => i.message);
  const kind = kindSchema.safeParse(input.kind);
  if (!kind.success) return { ok: false, fieldErrors: { ...fieldErrors, kind: kind.error.issues.map((i) => i.message) } };
  const f = { ...EMPTY_FORM_FIELDS, ...input.fields };
  const same = stored && stored.kind === kind.data ? stored : null;
  const keepUrl = (text: string, storedUrl: string | undefined) =>
    storedUrl !== undefined && (text.trim() === "" || text.trim() === maskUrl(storedUrl)) ? storedUrl : text;

  let settings: DestinationSettings | null = null;
  if (kind.data === "webhook") {
    const storedConfig = same?.kind === "webhook" ? same.config : undefined;
    const { headers, problems } = readHeaderLines(f.headers);
    const merged = headers.map((h) => {
      if (h.value !== "" && h.value !== SECRET_MASK) return h;
      const previous = storedConfig?.headers.find((s) => s.name.toLowerCase() === h.name.toLowerCase());
      return { name: h.name, value: previous?.value ?? "" };
    });
    const parsed = webhookConfigSchema.safeParse({ url: keepUrl(f.url, storedConfig?.url), headers: merged });
    if (parsed.success && !problems.length) settings = { kind: "webhook", config: parsed.data };
    else {
      Object.assign(fieldErrors, parsed.success ? {} : issuesByField(parsed.error));
      if (problems.length) fieldErrors.headers = [...problems, ...(fieldErrors.headers ?? [])];
    }
  } else if (kind.data === "slack") {
    const storedConfig = same?.kind === "slack" ? same.config : undefined;
    const parsed = slackConfigSchema.safeParse({ url: keepUrl(f.url, storedConfig?.url) });
    if (parsed.success) settings = { kind: "slack", config: parsed.data };
    else Object.assign(fieldErrors, issuesByField(parsed.error));
  } else {
    const storedConfig = same?.kind === "email" ? same.config : undefined;
    const security = (SMTP_SECURITY as readonly string[]).includes(f.security) ? (f.security as SmtpSecurity) : f.security;
    const portText = f.port.trim();
    const port = portText === "" && typeof security === "string" && security in SMTP_DEFAULT_PORTS ? SMTP_DEFAULT_PORTS[security as SmtpSecurity] : /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    const user = f.user.trim() === "" ? null : f.user.trim();
    const keepPassword = f.password === "" || f.password === SECRET_MASK;
    // A stored password goes with a cleared user; a newly typed one without a user is an error.
    const password = keepPassword ? (user === null ? null : (storedConfig?.password ?? null)) : f.password;
    const to = f.to.split(/[\s,;]+/).filter(Boolean);
    const parsed = emailConfigSchema.safeParse({ host: f.host, port, security, user, password, from: f.from, to });
    if (parsed.success) settings = { kind: "email", config: parsed.data };
    else Object.assign(fieldErrors, issuesByField(parsed.error));
  }
  if (!name.success || !settings) return { ok: false, fieldErrors };
  return { ok: true, name: name.data, enabled: input.enabled, settings };
}
