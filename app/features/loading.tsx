import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="features" cards={[{ title: "Features", height: "h-96" }]} />;
}
