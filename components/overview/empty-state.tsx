/** What the overview shows before any usage is stored: how to send data, or load demo data to look around. */
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { CreateKeyForm } from "@/components/create-key-form";
import { LoadDemoDataForm } from "@/components/demo-forms";
import { SendUsageExamples } from "@/components/overview/send-usage";

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <li className="relative min-w-0 pl-10">
      <span
        aria-hidden="true"
        className="absolute top-0 left-0 flex size-7 items-center justify-center rounded-full bg-accent-50 text-sm font-semibold text-accent-700 ring-1 ring-accent-200"
      >
        {n}
      </span>
      <h3 className="pt-0.5 text-sm font-semibold text-zinc-900">{title}</h3>
      <div className="mt-3">{children}</div>
    </li>
  );
}

export function EmptyOverview() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Welcome to Tally</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600">
          No usage has been recorded yet. Send Tally one record for each Claude API call and this page will show what you spend, on which
          models and features, and how much prompt caching saves.
        </p>
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <Card className="p-4 sm:p-6 lg:col-span-2" aria-labelledby="send-data-heading">
          <h2 id="send-data-heading" className="text-base font-semibold text-zinc-900">
            Send your usage
          </h2>
          <ol className="mt-5 space-y-8">
            <Step n={1} title="Create an ingest key">
              <p className="mb-3 text-sm text-zinc-600">Your app sends it as a bearer token. Create one per app so you can revoke them separately.</p>
              <CreateKeyForm defaultName="my-app" />
            </Step>
            <Step n={2} title="Send a record">
              <SendUsageExamples />
            </Step>
          </ol>
        </Card>
        <Card className="p-4 sm:p-6" aria-labelledby="demo-heading">
          <h2 id="demo-heading" className="text-base font-semibold text-zinc-900">
            Just looking around?
          </h2>
          <p className="mt-2 text-sm text-zinc-600">
            Load 45 days of made-up traffic: several models and features, prompt caching, batch jobs and one unpriced model.
          </p>
          <p className="mt-2 text-sm text-zinc-600">Demo calls are labelled as such and removed with one click; your own data is never touched.</p>
          <div className="mt-4">
            <LoadDemoDataForm variant="primary" />
          </div>
        </Card>
      </div>
    </div>
  );
}
