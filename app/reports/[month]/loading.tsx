import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return (
    <PageLoading
      label="the monthly report"
      kpis={4}
      cards={[
        { title: "What changed", height: "h-20" },
        { title: "By project", height: "h-48" },
        { title: "By feature", height: "h-48" },
        { title: "By model", height: "h-48" },
      ]}
    />
  );
}
