import { PageLoading } from "@/components/dashboard/page-loading";

export default function Loading() {
  return (
    <PageLoading
      label="scenarios"
      cards={[
        { title: "Change by feature", height: "h-64" },
        { title: "Projected monthly bill", height: "h-56" },
        { title: "Saved scenarios", height: "h-24" },
      ]}
    />
  );
}
