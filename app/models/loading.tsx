import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="models" cards={[{ title: "Models", height: "h-48" }, { title: "Share of spend by day", height: "h-72" }]} />;
}
