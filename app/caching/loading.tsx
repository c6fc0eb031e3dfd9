import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="caching" kpis={5} cards={[{ title: "Cache hit ratio by day", height: "h-72" }, { title: "Caching by feature", height: "h-48" }]} />;
}
