import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="forecast" kpis={4} cards={[{ title: "The month by day", height: "h-64" }, { title: "Backtest", height: "h-48" }]} />;
}
