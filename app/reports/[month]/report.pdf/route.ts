import { reportFilename } from "@/lib/core/monthly-report-csv";
import { AppError } from "@/lib/server/errors";
import { handle } from "@/lib/server/http";
import { getReportForRequest } from "@/lib/server/monthly-report";
import { renderMonthlyReportPdf } from "@/lib/server/monthly-report-pdf";
import { authorizeRequest } from "@/lib/server/session";

export const dynamic = "force-dynamic";

/** GET /reports/<YYYY-MM>/report.pdf?<filters>: the monthly report as a PDF document. */
export const GET = handle(async (request: Request, context: { params: Promise<{ month: string }> }) => {
  await authorizeRequest(request, "reports.view");
  const { month } = await context.params;
  const report = await getReportForRequest(month, new URL(request.url).searchParams);
  if (!report) throw new AppError("not_found", 404, `"${month}" is not a month; use YYYY-MM, like 2026-10`);
  const pdf = await renderMonthlyReportPdf(report);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${reportFilename(report.month, "pdf")}"`,
      "cache-control": "no-store",
    },
  });
});
