import { redirect } from "next/navigation";
import { connection } from "next/server";
import type { SearchParams } from "@/components/dashboard/view";
import { lastCompleteMonth } from "@/lib/core/monthly-report";
import { now } from "@/lib/server/clock";
import { getEnv } from "@/lib/server/env";
import { requirePage } from "@/lib/server/session";

/** /reports opens the last month that has ended in the reporting time zone, keeping the filters. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePage("/reports");
  await connection();
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams)) for (const v of [value ?? []].flat()) search.append(name, v);
  const month = lastCompleteMonth(now().getTime(), getEnv().TALLY_REPORT_TIMEZONE);
  redirect(`/reports/${month}${search.size ? `?${search}` : ""}`);
}
