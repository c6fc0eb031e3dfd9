/**
 * The fake Messages API (tests/helpers/fake-anthropic.ts) in a process of its own, so a benchmark's
 * client and server do not share an event loop. Prints its URL as the first line, then serves until killed.
 *   tsx bench/fake-upstream.ts
 */
import { startFakeAnthropic } from "@/tests/helpers/fake-anthropic";

const fake = await startFakeAnthropic();
console.log(fake.url);
setInterval(() => {
  // Nothing queued for the fake: forget what it saw so a long benchmark does not grow it.
  fake.requests.length = 0;
  fake.ids.length = 0;
}, 1000);
