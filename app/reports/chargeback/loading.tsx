import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="chargeback" cards={[{ title: "Allocation", height: "h-48" }, { title: "Rules", height: "h-32" }]} />;
}
