/** The destinations: each with where it delivers (secrets masked), Send test, Edit and Delete; and the add form. */
import { AddDestination } from "@/components/alerts/destinations/add-destination";
import { DestinationItem } from "@/components/alerts/destinations/destination-item";
import { Card, CardHeader } from "@/components/ui/card";
import { listDestinations } from "@/lib/server/alert-destinations";
import { getApp } from "@/lib/server/app";

export async function DestinationsCard() {
  const { db } = await getApp();
  const destinations = await listDestinations(db);
  const enabled = destinations.filter((d) => d.enabled).length;
  return (
    <Card aria-labelledby="destinations-heading" data-testid="destinations-card">
      <CardHeader
        id="destinations-heading"
        title="Destinations"
        description="Every alert that fires or resolves is sent to each enabled destination. URL tokens, header values and passwords are stored, never shown back in full."
      />
      {destinations.length === 0 ? (
        <p className="mt-4 border-t border-zinc-100 px-4 py-6 text-center text-sm text-zinc-500 sm:px-5">
          No destinations yet, so alerts are only listed in Tally. Add a webhook, a Slack channel or an email address below.
        </p>
      ) : (
        <>
          <p className="sr-only">
            {destinations.length} destinations, {enabled} enabled
          </p>
          <ul className="mt-4 divide-y divide-zinc-100 border-y border-zinc-100">
            {destinations.map((d) => (
              <DestinationItem key={`${d.id}:${d.name}:${d.target}:${d.enabled}`} destination={{ id: d.id, name: d.name, kind: d.kind, enabled: d.enabled, form: d.form }} target={d.target} />
            ))}
          </ul>
        </>
      )}
      <div className="p-4 sm:p-5">
        <AddDestination startOpen={destinations.length === 0} />
      </div>
    </Card>
  );
}
