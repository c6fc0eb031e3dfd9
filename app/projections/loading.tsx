import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="projections" kpis={4} cards={[{ title: "By feature, per month", height: "h-48" }, { title: "By model", height: "h-32" }]} />;
}
