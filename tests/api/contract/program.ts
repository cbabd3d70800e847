// A partner app's everyday calls, typed by openapi-typescript from /api/v1/schema/ and compiled with
// `tsc --strict` (tests/api/test_generated_clients.py). A schema change that breaks these uses fails the
// compile; the runtime checks fail when the server disagrees with the types.
// Usage: node program.js <base URL> <API key>
import type { components, paths } from "./schema";

declare const process: { argv: string[]; exit(code: number): never };

type Schemas = components["schemas"];
type NewsPage = paths["/api/v1/news/"]["get"]["responses"][200]["content"]["application/json"];
type NewsQuery = NonNullable<paths["/api/v1/news/"]["get"]["parameters"]["query"]>;
type SearchPage = paths["/api/v1/search/"]["get"]["responses"][200]["content"]["application/json"];
type NewsDetail = paths["/api/v1/news/{id}/"]["get"]["responses"][200]["content"]["application/json"];

const [base, key] = [process.argv[2], process.argv[3]];

function check(condition: boolean, message: string): void {
  if (!condition) {
    console.log(`FAIL ${message}`);
    process.exit(1);
  }
  console.log(`ok   ${message}`);
}

async function get<T>(path: string, query: Record<string, string | number> = {}): Promise<T> {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  const response = await fetch(url, { headers: { Authorization: `Api-Key ${key}` } });
  check(response.status === 200, `${url.pathname}${url.search}: 200 (got ${response.status})`);
  check((response.headers.get("RateLimit") ?? "").startsWith('"partner";r='), `${url.pathname}: RateLimit header`);
  return (await response.json()) as T;
}

async function allNews(query: NewsQuery = {}): Promise<Schemas["NewsItem"][]> {
  const items: Schemas["NewsItem"][] = [];
  let page = await get<NewsPage>("/api/v1/news/", { ...query, limit: 1 } as Record<string, string | number>);
  items.push(...page.results);
  while (page.next) {
    page = await get<NewsPage>(page.next);
    items.push(...page.results);
  }
  check(items.length === page.count, `news ${JSON.stringify(query)}: ${items.length} paged = count ${page.count}`);
  return items;
}

function describe(hit: Schemas["SearchResult"]): string {
  // Narrowed on the discriminator: each branch sees its own type's fields.
  switch (hit.type) {
    case "news":
      return `${hit.published_at} ${hit.lead}`;
    case "activity":
      return `${hit.number} ${hit.status}`;
    case "officer":
      return `${hit.name} ${hit.occupation}`;
    case "campaign":
      return `${hit.year} ${hit.theme}`;
  }
}

function blockText(block: Schemas["Block"]): string {
  switch (block.type) {
    case "paragraph":
      return block.value.html;
    case "heading":
      return block.value.text;
    case "quote":
      return `${block.value.speaker}: ${block.value.text}`;
    case "image":
      return block.value.image.renditions.card.url;
    case "facts":
      return block.value.items.join("; ");
  }
}

async function main(): Promise<void> {
  const news = await allNews();
  check(news.length > 0, "news present");
  const tag = news.flatMap((item) => item.tags ?? [])[0];
  check(tag !== undefined, "some news carry tags");
  const tagged = await allNews({ tag });
  check(tagged.length > 0 && tagged.every((item) => (item.tags ?? []).includes(tag)), `tag=${tag}: all tagged`);

  const linked = news.find((item) => (item.activities ?? []).length > 0);
  check(linked !== undefined, "news linked to activities");
  const expanded = await get<NewsDetail>(`/api/v1/news/${linked!.id}/`, { expand: "activities,campaign.activities" });
  const activities = (expanded.activities ?? []).filter((a): a is Schemas["Activity"] => typeof a !== "number");
  check(activities.length === (linked!.activities ?? []).length, "expand=activities: whole Activity objects");
  check(activities.every((a) => a.type === "activity" && a.title.length > 0), "expanded activities are typed");
  const campaign = expanded.campaign;
  check(campaign !== null && campaign !== undefined && "theme" in campaign, "expand=campaign: whole Campaign");

  const blocks = await get<NewsDetail>(`/api/v1/news/${linked!.id}/`, { format: "blocks" });
  check(Array.isArray(blocks.body) && blocks.body.map(blockText).join("").length > 0, "format=blocks: typed blocks");

  const hits = await get<SearchPage>("/api/v1/search/", { q: "叶明" });
  check(hits.results.some((hit) => hit.type === "news" && hit.snippet.includes("<mark>叶明</mark>")), "search snippet");
  check(hits.results.map(describe).every((line) => line.length > 0), "search results narrowed by type");
  console.log("typescript client: all checks passed");
}

main().catch((error: unknown) => {
  console.log(`FAIL ${String(error)}`);
  process.exit(1);
});
