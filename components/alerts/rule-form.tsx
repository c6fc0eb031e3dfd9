"use client";
/**
 * Create or edit an alert rule: what it watches (the kind, then that kind's settings), which calls
 * (scope pickers and a grouping), cooldown and enabled. Backtest asks the server on which of the 90 days
 * up to a day the rule as typed would have fired, without saving; Save stores it. Both send the whole
 * form, and the server answers with errors per field (shown beside it, the first one focused). Typed
 * values survive a failed save or a backtest (the form is never reset).
 */
import Link from "next/link";
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState, useTransition } from "react";
import { type BacktestState, type RuleFieldErrors, type SaveRuleState, backtestRuleAction, saveRuleAction } from "@/app/alerts/actions";
import { BacktestResult } from "@/components/alerts/backtest-result";
import { Spinner } from "@/components/ui/submit-button";
import { type RegressionMetric, type RuleKind, REGRESSION_METRICS, RULE_KINDS } from "@/lib/core/alert-rules";
import { BASELINE_PRESETS, KIND_DEFAULTS, KIND_INFO, METRIC_LABELS, type RuleFormValues, baselineChoice } from "@/lib/core/alerts-view";

const INPUT = "w-full min-w-0 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 aria-invalid:border-red-400";
const LABEL = "text-xs font-medium text-zinc-600";
const BUTTON = "inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium whitespace-nowrap transition-colors disabled:cursor-wait";

const IDLE_SAVE: SaveRuleState = { status: "idle" };
const IDLE_BACKTEST: BacktestState = { status: "idle" };

export interface ScopeOptions {
  feature: string[];
  model: string[];
  project: string[];
}

type Describe = (field: string, hint?: string) => { aria: Record<string, string | boolean | undefined>; note: ReactNode };

export function RuleForm({ id, initial, options, families, today }: { id?: number; initial: RuleFormValues; options: ScopeOptions; families: string[]; today: string }) {
  const uid = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState<RuleKind>(initial.kind);
  const [errors, setErrors] = useState<RuleFieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [backtest, setBacktest] = useState<BacktestState>(IDLE_BACKTEST);
  const [saving, startSave] = useTransition();
  const [testing, startBacktest] = useTransition();
  const [errorTick, setErrorTick] = useState(0);

  useEffect(() => {
    if (errorTick === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errorTick]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const intent = submitter instanceof HTMLButtonElement ? submitter.value : "backtest";
    const formData = new FormData(event.currentTarget);
    const fail = (text: string, fieldErrors: RuleFieldErrors) => {
      setErrors(fieldErrors);
      setMessage(text);
      setErrorTick((n) => n + 1);
    };
    if (intent === "save") {
      startSave(async () => {
        const next = await saveRuleAction(IDLE_SAVE, formData);
        // A successful save redirects to the list; only failures come back.
        if (next.status === "error") fail(next.message, next.fieldErrors);
      });
    } else {
      startBacktest(async () => {
        const next = await backtestRuleAction(IDLE_BACKTEST, formData);
        if (next.status === "error") fail(next.message, next.fieldErrors);
        else {
          setErrors({});
          setMessage(null);
        }
        setBacktest(next);
      });
    }
  }

  const describe: Describe = (field, hint) => {
    const error = errors[field]?.[0];
    const key = field.replace(/\W/g, "-");
    const ids = [hint ? `${uid}-${key}-hint` : null, error ? `${uid}-${key}-error` : null].filter(Boolean).join(" ");
    return {
      aria: { "aria-invalid": error ? true : undefined, "aria-describedby": ids || undefined },
      note: (
        <>
          {hint ? (
            <p id={`${uid}-${key}-hint`} className="text-xs text-zinc-500">
              {hint}
            </p>
          ) : null}
          {error ? (
            <p id={`${uid}-${key}-error`} className="text-xs text-red-700" data-testid={`error-${field}`}>
              {error}
            </p>
          ) : null}
        </>
      ),
    };
  };

  const params = kind === initial.kind ? initial.params : KIND_DEFAULTS[kind];
  const shownFields = new Set(["name", "kind", "scope.feature", "scope.model", "scope.project", "scope.groupBy", "cooldownHours", "enabled", "asOf", ...Object.keys(KIND_DEFAULTS[kind]).map((p) => `params.${p}`)]);
  const unplaced = Object.entries(errors).filter(([field]) => !shownFields.has(field));
  const name = describe("name");
  const kindField = describe("kind", KIND_INFO[kind].description);
  const groupBy = describe("scope.groupBy");
  const cooldown = describe("cooldownHours", "After an alert resolves, the same one does not fire again for this long.");
  const asOf = describe("asOf");

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4 sm:space-y-6" aria-label={id ? "Edit rule" : "New rule"}>
      {id ? <input type="hidden" name="id" value={id} /> : null}

      <Section title="What it watches">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor={`${uid}-name`} note={name.note}>
            <input id={`${uid}-name`} name="name" defaultValue={initial.name} placeholder="e.g. Prompt got longer" maxLength={100} className={INPUT} {...name.aria} />
          </Field>
          <Field label="Kind" htmlFor={`${uid}-kind`} note={kindField.note}>
            <select id={`${uid}-kind`} name="kind" value={kind} onChange={(event) => {
                setKind(event.target.value as RuleKind);
                setBacktest(IDLE_BACKTEST);
              }} className={INPUT} {...kindField.aria}>
              {RULE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_INFO[k].label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset key={kind} className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="kind-fields">
          <legend className="sr-only">{KIND_INFO[kind].label} settings</legend>
          <KindFields kind={kind} values={params} describe={describe} uid={uid} families={families} models={options.model} />
        </fieldset>
      </Section>

      <Section title="Which calls" description="No choice means all of them. Group to judge each feature, model or project on its own numbers.">
        <div className="grid gap-4 md:grid-cols-3">
          <Picker label="Features" name="scope.feature" options={options.feature} selected={initial.feature} describe={describe} />
          <Picker label="Models" name="scope.model" options={options.model} selected={initial.model} describe={describe} />
          <Picker label="Projects" name="scope.project" options={options.project} selected={initial.project} describe={describe} />
        </div>
        <div className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Field label="Group by" htmlFor={`${uid}-group`} note={groupBy.note}>
            <select id={`${uid}-group`} name="scope.groupBy" defaultValue={initial.groupBy} className={INPUT} {...groupBy.aria}>
              <option value="none">Nothing (all together)</option>
              <option value="feature">Feature</option>
              <option value="model">Model</option>
              <option value="project">Project</option>
            </select>
          </Field>
          <Field label="Cooldown (hours)" htmlFor={`${uid}-cooldown`} note={cooldown.note}>
            <input id={`${uid}-cooldown`} name="cooldownHours" inputMode="numeric" defaultValue={initial.cooldownHours} className={INPUT} {...cooldown.aria} />
          </Field>
          <div className="flex items-start pt-6 sm:col-span-2">
            <Check name="enabled" label="Enabled" hint="Disabled rules are kept but not evaluated." defaultChecked={initial.enabled} />
          </div>
        </div>
      </Section>

      <Section title="Backtest" description="On which of the 90 days up to a day this rule, as typed, would have fired. Nothing is saved.">
        <div className="flex flex-wrap items-end gap-3">
          <Field label="As of" htmlFor={`${uid}-asof`} note={asOf.note}>
            <input id={`${uid}-asof`} name="asOf" type="date" defaultValue={today} max={today} className={`${INPUT} sm:w-44`} {...asOf.aria} />
          </Field>
          <button type="submit" name="intent" value="backtest" disabled={testing} aria-busy={testing || undefined} className={`${BUTTON} border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50`}>
            {testing ? <Spinner /> : null}
            Backtest
          </button>
        </div>
        <div aria-live="polite">{backtest.status === "done" ? <BacktestResult result={backtest} /> : null}</div>
      </Section>

      {message ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-2.5 text-sm text-red-700" data-testid="form-error">
          <p>{message}</p>
          {unplaced.map(([field, messages]) => (
            <p key={field}>
              {field}: {messages.join(" ")}
            </p>
          ))}
        </div>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" name="intent" value="save" disabled={saving} aria-busy={saving || undefined} className={`${BUTTON} bg-accent-600 text-white hover:bg-accent-700`}>
          {saving ? <Spinner /> : null}
          {id ? "Save rule" : "Create rule"}
        </button>
        <Link href="/alerts/rules" className="rounded text-sm font-medium text-zinc-600 hover:text-zinc-900 hover:underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-xs sm:p-5">
      <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
      {description ? <p className="mt-0.5 text-sm text-zinc-500">{description}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

function Field({ label, htmlFor, note, children, className = "" }: { label: string; htmlFor: string; note?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <label htmlFor={htmlFor} className={LABEL}>
        {label}
      </label>
      {children}
      {note}
    </div>
  );
}

function Check({ name, label, hint, defaultChecked }: { name: string; label: string; hint?: string; defaultChecked: boolean }) {
  return (
    <label className="flex items-start gap-2 text-sm text-zinc-800">
      <input type="checkbox" name={name} value="true" defaultChecked={defaultChecked} className="mt-0.5 size-4 shrink-0 accent-accent-600" />
      <span>
        {label}
        {hint ? <span className="block text-xs text-zinc-500">{hint}</span> : null}
      </span>
    </label>
  );
}

/** Checkboxes for one scope dimension; values already in the rule stay listed even if no call has them now. */
function Picker({ label, name, options, selected, describe }: { label: string; name: string; options: string[]; selected: string[]; describe: Describe }) {
  const values = [...new Set([...options, ...selected])].sort();
  const field = describe(name);
  return (
    <fieldset className="min-w-0" {...field.aria}>
      <legend className={LABEL}>{label}</legend>
      {values.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-500">None recorded yet.</p>
      ) : (
        <div className="mt-1 max-h-40 overflow-y-auto rounded-md border border-zinc-200 px-2.5 py-1.5">
          {values.map((value) => (
            <label key={value} className="flex items-center gap-2 py-0.5 text-sm text-zinc-800">
              <input type="checkbox" name={name} value={value} defaultChecked={selected.includes(value)} className="size-4 shrink-0 accent-accent-600" />
              <span className="min-w-0 break-all">{value === "" ? "(none)" : value}</span>
            </label>
          ))}
        </div>
      )}
      {field.note}
    </fieldset>
  );
}

/** Baseline days: the presets or a custom number (3 to 56). */
function BaselineField({ uid, value, describe }: { uid: string; value: string; describe: Describe }) {
  const initial = baselineChoice(value);
  const [preset, setPreset] = useState(initial.preset);
  const field = describe("params.baselineDays");
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={`${uid}-baseline`} className={LABEL}>
        Baseline
      </label>
      <div className="flex gap-2">
        <select id={`${uid}-baseline`} name="params.baselineDays" value={preset} onChange={(event) => setPreset(event.target.value)} className={INPUT} {...(preset === "custom" ? {} : field.aria)}>
          {BASELINE_PRESETS.map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
        {preset === "custom" ? (
          <input
            name="params.baselineDaysCustom"
            aria-label="Baseline days"
            inputMode="numeric"
            defaultValue={initial.custom}
            placeholder="days"
            className={`${INPUT} w-24 shrink-0`}
            {...field.aria}
          />
        ) : null}
      </div>
      {field.note}
    </div>
  );
}

function KindFields({ kind, values, describe, uid, families, models }: { kind: RuleKind; values: Record<string, string | boolean>; describe: Describe; uid: string; families: string[]; models: string[] }) {
  const text = (name: string) => String(values[name] ?? "");
  const input = (name: string, label: string, opts: { hint?: string; placeholder?: string; mode?: "decimal" | "numeric"; suffix?: string } = {}) => {
    const field = describe(`params.${name}`, opts.hint);
    return (
      <Field key={name} label={label} htmlFor={`${uid}-${name}`} note={field.note}>
        <div className="relative">
          <input
            id={`${uid}-${name}`}
            name={`params.${name}`}
            inputMode={opts.mode ?? "decimal"}
            defaultValue={text(name)}
            placeholder={opts.placeholder}
            className={`${INPUT} ${opts.suffix ? "pr-9" : ""}`}
            {...field.aria}
          />
          {opts.suffix ? <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-zinc-400">{opts.suffix}</span> : null}
        </div>
      </Field>
    );
  };
  const select = (name: string, label: string, choices: [string, string][]) => {
    const field = describe(`params.${name}`);
    return (
      <Field key={name} label={label} htmlFor={`${uid}-${name}`} note={field.note}>
        <select id={`${uid}-${name}`} name={`params.${name}`} defaultValue={text(name)} className={INPUT} {...field.aria}>
          {choices.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </Field>
    );
  };
  const check = (name: string, label: string, hint: string) => (
    <div key={name} className="flex items-start pt-6">
      <Check name={`params.${name}`} label={label} hint={hint} defaultChecked={values[name] === true} />
    </div>
  );
  const baseline = <BaselineField key="baseline" uid={uid} value={text("baselineDays")} describe={describe} />;
  const minCalls = input("minCalls", "Minimum calls", { mode: "numeric", hint: "Fewer calls on the day (or in the baseline) are not judged." });

  switch (kind) {
    case "regression":
      return (
        <>
          {select("metric", "Metric", REGRESSION_METRICS.map((m: RegressionMetric) => [m, METRIC_LABELS[m]]))}
          {input("risePercent", "Fires when it rises more than", { suffix: "%" })}
          {baseline}
          {minCalls}
          {check("sameWeekday", "Same weekday only", "Compare with the same weekday in the baseline (weekly traffic).")}
        </>
      );
    case "spike":
      return (
        <>
          {input("sensitivity", "Sensitivity", { hint: "Robust deviations above the median; higher fires less." })}
          {baseline}
          {input("minSpendUsd", "Minimum spend", { hint: "Days under this never fire.", suffix: "USD" })}
        </>
      );
    case "threshold":
      return (
        <>
          {select("period", "Per", [
            ["day", "Day"],
            ["month", "Month"],
          ])}
          {input("amountUsd", "Amount", { placeholder: "250", suffix: "USD" })}
        </>
      );
    case "budget":
      return (
        <>
          {input("monthlyUsd", "Monthly budget", { placeholder: "1000", suffix: "USD" })}
          {input("levels", "Levels", { hint: "Percents of the budget, each fires once a month.", placeholder: "50, 80, 100", mode: "numeric" })}
          {check("forecast", "Forecast", "Also fire when the month-end forecast exceeds the budget.")}
        </>
      );
    case "truncation":
      return (
        <>
          {input("maxRatePercent", "Fires above", { suffix: "%", hint: "Share of a day's calls that stopped at max_tokens." })}
          {minCalls}
        </>
      );
    case "cache_drop":
      return (
        <>
          {input("dropPercent", "Fires when it drops more than", { suffix: "%", hint: "Relative to the baseline's hit ratio." })}
          {baseline}
          {minCalls}
        </>
      );
    case "unpriced_model":
      return input("baselineDays", "New if not seen for", { mode: "numeric", suffix: "days" });
    case "model_share": {
      const field = describe("params.model", "A model id or a family.");
      return (
        <>
          <Field key="model" label="Model or family" htmlFor={`${uid}-model`} note={field.note}>
            <input id={`${uid}-model`} name="params.model" list={`${uid}-models`} defaultValue={text("model")} className={INPUT} {...field.aria} />
            <datalist id={`${uid}-models`}>
              {[...families, ...models].map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
          {select("measure", "Share of", [
            ["spend", "Spend"],
            ["calls", "Calls"],
          ])}
          {input("risePoints", "Fires when it rises more than", { suffix: "pts", hint: "Percentage points over the baseline's share." })}
          {baseline}
          {minCalls}
        </>
      );
    }
  }
}
