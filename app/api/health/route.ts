import { getApp } from "@/lib/server/app";

export const dynamic = "force-dynamic";

/** 200 once migrations are applied and the database answers; 503 otherwise. */
export async function GET() {
  try {
    const { db } = await getApp();
    await db.all("SELECT 1 AS ok");
    return Response.json({ status: "ok", database: db.dialect });
  } catch (error) {
    console.error("Health check failed:", error);
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
