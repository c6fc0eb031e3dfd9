import { monthlyReportCsv, reportFilename } from "@/lib/core/monthly-report-csv";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { getReportForRequest } from "@/lib/server/monthly-report";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** GET /reports/<YYYY-MM>/export.csv?<filters>: the monthly report as CSV, with the page's totals. */
export const GET = handle(async (request: Request, context: { params: Promise<{ month: string }> }) => {
  await authorizeRequest(request, "reports.view");
  const { month } = await context.params;
  const report = await getReportForRequest(month, new URL(request.url).searchParams);
  if (!report) throw new AppError("not_found", 404, `"${month}" is not a month; use YYYY-MM, like 2026-10`);
  return new Response(monthlyReportCsv(report), {
    headers: {
      "content-type": "text/csv; charset=utf-8; header=present",
      "content-disposition": `attachment; filename="${reportFilename(report.month, "csv")}"`,
      "cache-control": "no-store",
    },
  });
});
