/** A sortable column header: a link that sorts by this column (or flips the direction), with aria-sort. */
import Link from "next/link";

export function SortHeader({
  label,
  active,
  dir,
  href,
  align = "right",
}: {
  label: string;
  active: boolean;
  dir: "asc" | "desc";
  /** Where pressing the header goes (this column, descending; or the other direction when active). */
  href: string;
  align?: "left" | "right";
}) {
  return (
    <th scope="col" aria-sort={active ? (dir === "desc" ? "descending" : "ascending") : "none"} className={`px-3 py-2 font-medium whitespace-nowrap ${align === "right" ? "text-right" : "text-left"}`}>
      <Link href={href} prefetch={false} scroll={false} className={`inline-flex items-center gap-1 rounded hover:text-zinc-900 ${active ? "text-zinc-900" : ""}`}>
        {label}
        <span aria-hidden="true" className={`text-[10px] ${active ? "" : "opacity-0"}`}>
          {dir === "asc" && active ? "▲" : "▼"}
        </span>
      </Link>
    </th>
  );
}
