import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="stop reasons" kpis={3} cards={[{ title: "Rates by day", height: "h-64" }, { title: "By feature", height: "h-48" }]} />;
}
