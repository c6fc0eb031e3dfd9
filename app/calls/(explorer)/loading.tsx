import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="calls" cards={[{ title: "Calls", height: "h-96" }]} />;
}
