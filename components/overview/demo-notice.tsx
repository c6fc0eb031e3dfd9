/** The demo-data banner (when demo calls are stored) and the offer to load them (when they are not). */
import { getDemoCallCount } from "@/components/overview/data";
import { LoadDemoDataForm, RemoveDemoDataForm } from "@/components/demo-forms";
import { formatInteger } from "@/lib/core/chart-data";

export async function DemoBanner() {
  const demoCalls = await getDemoCallCount();
  if (demoCalls === 0) return null;
  return (
    <div
      role="region"
      aria-label="Demo data"
      className="flex flex-col gap-3 rounded-xl border border-accent-200 bg-accent-50 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
    >
      <div className="min-w-0 text-sm">
        <p className="font-semibold text-accent-700">Showing demo data</p>
        <p className="text-zinc-700">
          {formatInteger(demoCalls)} made-up calls are mixed into these numbers. Removing them leaves your own data as it is.
        </p>
      </div>
      <RemoveDemoDataForm />
    </div>
  );
}

export async function DemoOffer() {
  const demoCalls = await getDemoCallCount();
  if (demoCalls > 0) return null;
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-dashed border-zinc-300 px-4 py-4 sm:flex-row sm:items-center sm:justify-between">
      <p className="text-sm text-zinc-600">
        Want to see a fuller dashboard? Demo data adds 45 days of labelled, made-up calls that you can remove with one click.
      </p>
      <LoadDemoDataForm />
    </div>
  );
}
