import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="the overview" kpis={5} cards={[{ title: "Spend by day", height: "h-72" }, { title: "Top movers", height: "h-48" }]} />;
}
