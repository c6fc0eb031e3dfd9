import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return <PageLoading label="budgets" cards={[{ title: "Set a budget", height: "h-24" }, { title: "Budgets", height: "h-72" }]} />;
}
