import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="reconciliation" kpis={3} cards={[{ title: "Cost by day, model, tier and type", height: "h-64" }, { title: "Import reports", height: "h-24" }]} />;
}
